package punchline.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a primitive record component that may be missing from a message (added later in a version:
 * older senders leave it out, and its default is the right reading). Every other primitive must be
 * present; a missing one is an invalid message, not a silent zero.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionalField {
}
