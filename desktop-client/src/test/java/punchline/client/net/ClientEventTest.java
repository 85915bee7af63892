package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event reaches the one handler method for its type, and the handler has one method per event. */
class ClientEventTest {

    @Test
    void theHandlerHasOneMethodPerEvent() {
        Set<Class<?>> handled = new HashSet<>();
        for (Method method : ClientEvent.Handler.class.getDeclaredMethods()) {
            if (Modifier.isAbstract(method.getModifiers())) {
                assertEquals(1, method.getParameterCount(), method.getName());
                Class<?> type = method.getParameterTypes()[0];
                assertEquals("on" + type.getSimpleName(), method.getName());
                handled.add(type);
            }
        }
        assertEquals(Set.of(ClientEvent.class.getPermittedSubclasses()), handled);
    }

    @Test
    void everyEventReachesTheMethodForItsType() {
        List<ClientEvent> samples = ClientEventSamples.oneOfEach();
        assertEquals(Set.of(ClientEvent.class.getPermittedSubclasses()),
                new HashSet<>(samples.stream().map(Object::getClass).toList()), "a sample of every event");
        for (ClientEvent event : samples) {
            List<String> calls = new ArrayList<>();
            ClientEvent.Handler handler = recording(calls);
            handler.onEvent(event); // a handler is a listener: onEvent dispatches
            assertEquals(List.of("on" + event.getClass().getSimpleName() + " " + event), calls);
        }
    }

    @Test
    void aSelectiveHandlerIgnoresWhatItDoesNotOverride() {
        List<ClientEvent> seen = new ArrayList<>();
        ClientEvent.Handler onlyNotices = new ClientEvent.SelectiveHandler() {
            @Override
            public void onNotice(ClientEvent.Notice notice) {
                seen.add(notice);
            }
        };
        ClientEventSamples.oneOfEach().forEach(onlyNotices::onEvent);
        assertEquals(1, seen.size());
        assertEquals(ClientEvent.Notice.class, seen.get(0).getClass());
    }

    /** A handler that notes each call (method and event) instead of acting on it. */
    private static ClientEvent.Handler recording(List<String> calls) {
        return (ClientEvent.Handler) Proxy.newProxyInstance(ClientEvent.Handler.class.getClassLoader(),
                new Class<?>[] {ClientEvent.Handler.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    calls.add(method.getName() + " " + args[0]);
                    return null;
                });
    }
}
