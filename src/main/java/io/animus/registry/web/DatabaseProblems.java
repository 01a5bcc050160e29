package io.animus.registry.web;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.Startup;

/**
 * What a failure of the database means to the caller: a broken constraint, in the words of the
 * feature that declares it ({@link KnownConstraints}), a value its column cannot hold, a conflict
 * with another transaction, or a database that is unavailable.
 * <p>
 * It collects the features' constraints when the registry starts, so that two features naming the
 * same constraint stop the start rather than answer one of them wrongly.
 */
@Singleton
@Startup
class DatabaseProblems {

    /** What a violated database constraint means to the caller, by constraint name. */
    private final Map<String, String> constraints;

    @Inject
    DatabaseProblems(Instance<KnownConstraints> features) {
        Map<String, String> all = new HashMap<>();
        for (KnownConstraints feature : features) {
            feature.meanings().forEach((name, meaning) -> {
                if (all.putIfAbsent(name, meaning) != null) {
                    throw new IllegalStateException("The database constraint " + name + " is declared by two features");
                }
            });
        }
        constraints = Map.copyOf(all);
    }

    /** The answer to {@code e} if the database caused it; empty if it did not, or the registry has no words for it. */
    Optional<Response> answer(Throwable e) {
        if (databaseUnavailable(e)) {
            return Optional.of(respond(503, "The database is unavailable; retry later"));
        }
        if (transactionAborted(e)) {
            return Optional.of(respond(503, "The request's transaction was aborted (the database was unavailable or the transaction"
                    + " ran out of time); nothing was written; retry later"));
        }
        SQLException sql = sqlCause(e);
        return sql == null || sql.getSQLState() == null ? Optional.empty() : Optional.ofNullable(database(sql));
    }

    private Response database(SQLException e) {
        String state = e.getSQLState();
        String constraint = constraintName(e);
        String meaning = constraint == null ? null : constraints.get(constraint);
        return switch (state) {
            case "23505" -> respond(409, meaning != null ? meaning : "a value that must be unique is already taken");
            case "23503" -> respond(409, "the request refers to an entry that does not exist or is still referred to by others");
            case "23514", "23502" -> respond(422, meaning != null ? meaning : "a value breaks a rule of the registry");
            case "22001" -> respond(422, "a value is longer than its field allows");
            case "22003", "22P02", "22007", "22008" -> respond(422, "a value is out of range or has the wrong form");
            // PostgreSQL cannot store NUL (U+0000) in text or jsonb, nor a character its encoding lacks
            case "22021", "22P05" -> respond(422, "a value contains a character that cannot be stored, such as NUL (\\u0000)");
            case "40001", "40P01" -> respond(409, "the request conflicted with another one; retry it");
            // statement_timeout (57014) or lock_timeout (55P03): the database hangs or a lock is held too long
            case "57014", "55P03" -> respond(503, "The database did not answer in time; nothing was written; retry");
            default -> state.startsWith("08") || state.startsWith("57P")
                    ? respond(503, "The database is unavailable; retry later")
                    : null;
        };
    }

    private static Response respond(int status, String detail) {
        return ProblemMappers.respond(status, detail, List.of());
    }

    /**
     * Whether {@code e} says that no database connection could be had: the server refused or dropped
     * it (SQLState class 08, Hibernate's {@code JDBCConnectionException}), or the pool gave up
     * waiting for one ({@code quarkus.datasource.jdbc.acquisition-timeout}; Agroal reports it with no
     * SQLState and a {@code TimeoutException} as its cause).
     */
    static boolean databaseUnavailable(Throwable e) {
        return Causes.of(e).anyMatch(cause -> cause instanceof org.hibernate.exception.JDBCConnectionException
                || cause instanceof java.sql.SQLTransientConnectionException
                || cause instanceof java.sql.SQLNonTransientConnectionException
                || cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                        || sql.getSQLState() == null && sql.getCause() instanceof java.util.concurrent.TimeoutException
                        || sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout")));
    }

    /**
     * Whether {@code e} comes from a transaction that was already aborted when the request used it: an
     * earlier statement of it met an unavailable database, or it outlived its timeout. It rolled back.
     */
    static boolean transactionAborted(Throwable e) {
        return Causes.of(e).anyMatch(jakarta.transaction.RollbackException.class::isInstance);
    }

    private static SQLException sqlCause(Throwable e) {
        return Causes.of(e).filter(SQLException.class::isInstance).map(SQLException.class::cast).findFirst().orElse(null);
    }

    private static String constraintName(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
