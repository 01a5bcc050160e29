package io.animus.registry.feed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a transactional method whose transaction writes no table the change feed follows, so that
 * {@link ChangeAuthor} does not spend a round trip naming its author: a hot path such as posting a
 * chat message. A method so marked that wrote a followed table would record changes without their
 * "by"; mark only methods whose every write is to an unfollowed table.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface WritesNoFollowedTable {
}
