package punchline.client.ui.status;

/** The link to the rendezvous server, as the status bar shows it. */
enum ServerState { STARTING, CONNECTING, CONNECTED, UNREACHABLE, RECONNECTING, STOPPED }
