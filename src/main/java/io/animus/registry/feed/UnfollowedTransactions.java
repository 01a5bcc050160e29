package io.animus.registry.feed;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Tells {@link ChangeAuthor} that the transactions begun during a {@link WritesNoFollowedTable} method
 * write no followed table. It runs before the transaction interceptor, so the mark is in place when the
 * transaction begins.
 */
@WritesNoFollowedTable
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class UnfollowedTransactions {

    private static final ThreadLocal<Boolean> UNFOLLOWED = new ThreadLocal<>();

    @AroundInvoke
    Object mark(InvocationContext invocation) throws Exception {
        Boolean outer = UNFOLLOWED.get();
        UNFOLLOWED.set(Boolean.TRUE);
        try {
            return invocation.proceed();
        } finally {
            if (outer == null) {
                UNFOLLOWED.remove();
            } else {
                UNFOLLOWED.set(outer);
            }
        }
    }

    /** Whether the current thread runs inside a {@link WritesNoFollowedTable} method. */
    static boolean active() {
        return UNFOLLOWED.get() != null;
    }
}
