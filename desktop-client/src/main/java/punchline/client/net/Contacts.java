package punchline.client.net;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import punchline.client.store.Contact;
import punchline.client.store.Direction;
import punchline.client.store.HistoryCursor;
import punchline.client.store.HistoryPage;
import punchline.client.store.LocalStore;
import punchline.client.store.StoreException;
import punchline.client.store.StoreNotice;
import punchline.client.store.Trust;

/**
 * The people the user has chatted with, and each chat's history, as the core keeps them: a contact is
 * keyed on their verified ID (never on a name), kept across restarts in the {@link LocalStore}. The core
 * thread decides with a copy of the contacts in memory; every read and write of the store runs on its own
 * thread ("punchline-store"), in the order asked, never on the core thread or the FX thread.
 *
 * <p>The UI's calls ({@link #list}, {@link #latest}, {@link #before}, {@link #rename}, {@link #forget},
 * {@link #verify}) may come from any thread and return at once with a future; the UI must move its result
 * onto the FX thread itself.
 */
public final class Contacts {
    private static final System.Logger LOG = System.getLogger(Contacts.class.getName());

    /** A contact as the people list shows it: online now (matched by ID, whatever their key is today) or not. */
    public record Entry(Contact contact, boolean online, String key) {
    }

    /** How a peer's ID and name stand against the contacts. */
    record Recognition(String id, boolean known, Contact nameOf, boolean sameName) {
        /** A new ID using a contact's name (exactly, or a look-alike): a different person. */
        boolean impersonates() {
            return !known && nameOf != null;
        }
    }

    private volatile LocalStore store;
    private final ExecutorService storeThread;
    private final Executor core;
    private final EventDispatcher events;
    /** Core thread: the contacts as stored, by ID. */
    private final Map<String, Contact> byId = new HashMap<>();
    /** Core thread: who is online by ID, as the room says: ID to key. */
    private final UnaryOperator<String> keyOfId;
    /** Store failures already reported: a disk that stays full is said once, not per message. */
    private final Set<String> reported = new HashSet<>();

    Contacts(ExecutorService storeThread, Executor core, EventDispatcher events, UnaryOperator<String> keyOfId) {
        this.storeThread = storeThread;
        this.core = core;
        this.events = events;
        this.keyOfId = keyOfId;
    }

    /**
     * Takes the opened store: reads every contact into memory (caller's thread, at start: blocking; no other
     * call comes before it) and says what the store noticed.
     */
    void load(LocalStore opened) {
        store = opened;
        store.notice().ifPresent(this::tell);
        try {
            store.contacts().all().forEach(contact -> byId.put(contact.id(), contact));
        } catch (StoreException e) {
            events.emit(new ClientEvent.StoreProblem("failed", e.getMessage()));
        }
    }

    /** A {@link StoreNotice} (a file moved aside, a database in use) as an event the console prints. */
    void tell(StoreNotice notice) {
        events.emit(new ClientEvent.StoreProblem(notice.kind().name().toLowerCase().replace('_', '-'),
                notice.message()));
    }

    // ---- the core's side (core thread) ----

    /** How {@code id}, using {@code name}, stands against the contacts. */
    Recognition recognize(String id, String name) {
        if (id != null && byId.containsKey(id)) {
            return new Recognition(id, true, null, false);
        }
        String skeleton = Lookalikes.skeleton(name);
        for (Contact contact : byId.values()) {
            if (contact.id().equals(id)) {
                continue;
            }
            boolean sameName = contact.name().strip().equals(name.strip());
            if (sameName || Lookalikes.skeleton(contact.name()).equals(skeleton)
                    || contact.nickname() != null && Lookalikes.skeleton(contact.nickname()).equals(skeleton)) {
                return new Recognition(id, false, contact, sameName);
            }
        }
        return new Recognition(id, false, null, false);
    }

    Contact find(String id) {
        return byId.get(id);
    }

    /** We chatted with {@code id} (a verified link is up): they become or stay a contact. */
    void seen(String id, String name, String fingerprint) {
        Instant now = Instant.now();
        Contact before = byId.get(id);
        Contact now2 = before == null ? new Contact(id, name, null, fingerprint, Trust.UNVERIFIED, now, now)
                : new Contact(id, name, before.nickname(), fingerprint, before.trust(), before.firstSeen(), now);
        byId.put(id, now2);
        write("save a contact", () -> store.contacts().upsertSeen(id, name, fingerprint, now));
        events.emit(new ClientEvent.ContactSaved(now2, before == null));
    }

    /** The user compared fingerprints: {@code id} is verified (a contact from now on, if not yet one). */
    void verified(String id, String name, String fingerprint) {
        if (!byId.containsKey(id)) {
            seen(id, name, fingerprint);
        }
        Contact c = byId.get(id);
        Contact now = new Contact(c.id(), c.name(), c.nickname(), c.fingerprint(), Trust.VERIFIED, c.firstSeen(),
                c.lastSeen());
        byId.put(id, now);
        write("trust the contact", () -> store.contacts().setTrust(id, Trust.VERIFIED));
        events.emit(new ClientEvent.ContactSaved(now, false));
    }

    /** A chat message arrived from {@code id} (any thread: goes in line on the store's thread). */
    void received(String id, long messageId, String text, long sentAtMillis) {
        Instant now = Instant.now();
        write("save a message", () -> store.history().append(id, Direction.IN, messageId, text,
                Instant.ofEpochMilli(sentAtMillis), now));
    }

    void sent(String id, long messageId, String text, long sentAtMillis) {
        write("save a message", () -> store.history().append(id, Direction.OUT, messageId, text,
                Instant.ofEpochMilli(sentAtMillis), Instant.ofEpochMilli(sentAtMillis)));
    }

    void delivered(String id, long messageId) {
        write("update a message", () -> store.history().markDelivered(id, messageId));
    }

    /** The link closed before these were acknowledged. */
    void failed(String id, List<Long> messageIds) {
        write("update messages", () -> {
            for (long messageId : messageIds) {
                store.history().markFailed(id, messageId);
            }
            return null;
        });
    }

    private interface StoreCall {
        Object run() throws StoreException;
    }

    private void write(String what, StoreCall call) {
        try {
            storeThread.execute(() -> {
                try {
                    call.run();
                } catch (StoreException e) {
                    report(e);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "could not " + what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "stopping: not saved ({0})", what);
        }
    }

    /** Tells the user of a failed save once per distinct message (core thread; nothing when stopping). */
    private void report(StoreException e) {
        try {
            core.execute(() -> {
                if (reported.add(e.getMessage())) {
                    events.emit(new ClientEvent.StoreProblem("failed", e.getMessage()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.log(Level.WARNING, "while closing: {0}", e.getMessage());
        }
    }

    // ---- the UI's side (any thread; results on the core or the store thread) ----

    /** Every contact, online ones first (by display name within each group), with their key if online. */
    public CompletableFuture<List<Entry>> list() {
        return CompletableFuture.supplyAsync(() -> {
            List<Entry> entries = new ArrayList<>();
            for (Contact contact : byId.values()) {
                String key = keyOfId.apply(contact.id());
                entries.add(new Entry(contact, key != null, key));
            }
            java.text.Collator collator = java.text.Collator.getInstance();
            collator.setStrength(java.text.Collator.SECONDARY);
            entries.sort(Comparator.comparing((Entry e) -> !e.online())
                    .thenComparing(e -> e.contact().displayName(), collator).thenComparing(e -> e.contact().id()));
            return entries;
        }, core);
    }

    /** The newest {@code count} messages with {@code contactId}, oldest first (also when they are offline). */
    public CompletableFuture<HistoryPage> latest(String contactId, int count) {
        return read(() -> store.history().latest(contactId, count));
    }

    /** The {@code count} messages before {@code cursor} (the previous page's {@link HistoryPage#olderCursor()}). */
    public CompletableFuture<HistoryPage> before(String contactId, HistoryCursor cursor, int count) {
        return read(() -> store.history().before(contactId, cursor, count));
    }

    /** Sets (or, null or blank, removes) the user's own name for the contact. False: no such contact. */
    public CompletableFuture<Boolean> rename(String contactId, String nickname) {
        return read(() -> store.contacts().rename(contactId, nickname)).thenCompose(done -> {
            if (!done) {
                return CompletableFuture.completedFuture(false);
            }
            return CompletableFuture.supplyAsync(() -> {
                Contact c = byId.get(contactId);
                if (c != null) {
                    String nick = nickname == null || nickname.isBlank() ? null : nickname.strip();
                    Contact now = new Contact(c.id(), c.name(), nick, c.fingerprint(), c.trust(), c.firstSeen(),
                            c.lastSeen());
                    byId.put(contactId, now);
                    events.emit(new ClientEvent.ContactSaved(now, false));
                }
                return true;
            }, core);
        });
    }

    /**
     * Deletes the contact and their whole history (the app's "forget this contact"). They are a stranger
     * again: a later chat with them starts a new contact. False: no such contact.
     */
    public CompletableFuture<Boolean> forget(String contactId) {
        return read(() -> store.contacts().forget(contactId)).thenCompose(done -> CompletableFuture.supplyAsync(() -> {
            if (byId.remove(contactId) != null || done) {
                events.emit(new ClientEvent.ContactForgotten(contactId));
            }
            return done;
        }, core));
    }

    /** The fingerprint of a contact added from an invite, until they are seen: no certificate yet. */
    public static final String NOT_SEEN_YET = "0".repeat(64);

    /**
     * Adds the person with {@code id} as a contact before any chat (the user pasted their invite): listed
     * offline until they are in the room. Their certificate is unknown until then ({@link #NOT_SEEN_YET});
     * the link to them is pinned to their ID whatever it is. False: already a contact.
     */
    public CompletableFuture<Boolean> add(String id, String name) {
        return CompletableFuture.supplyAsync(() -> {
            if (byId.containsKey(id)) {
                return false;
            }
            Instant now = Instant.now();
            Contact added = new Contact(id, name, null, NOT_SEEN_YET, Trust.UNVERIFIED, now, now);
            byId.put(id, added);
            write("save a contact", () -> store.contacts().upsertSeen(id, name, NOT_SEEN_YET, now));
            events.emit(new ClientEvent.ContactSaved(added, true));
            return true;
        }, core);
    }

    /** The user compared the contact's fingerprint with them: marks them verified. */
    public CompletableFuture<Boolean> verify(String contactId) {
        return CompletableFuture.supplyAsync(() -> {
            Contact c = byId.get(contactId);
            if (c == null) {
                return false;
            }
            verified(c.id(), c.name(), c.fingerprint());
            return true;
        }, core);
    }

    private interface StoreRead<T> {
        T run() throws StoreException;
    }

    private <T> CompletableFuture<T> read(StoreRead<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            storeThread.execute(() -> {
                try {
                    result.complete(call.run());
                } catch (StoreException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new StoreException("Punchline is closing: the history is closed."));
        }
        return result;
    }
}
