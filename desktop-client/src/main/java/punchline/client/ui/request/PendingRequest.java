package punchline.client.ui.request;

/** Someone who asked to chat and has not had an answer yet. */
record PendingRequest(String key, String name) {
}
