package io.github.crmvault.common.load;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Takes the caller's place among long reads before the method touches the database. */
@LongRead
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class LongReadInterceptor {
    @Inject
    WorkLimits limits;
    @Inject
    SecurityIdentity identity;

    @AroundInvoke
    Object bounded(InvocationContext invocation) throws Exception {
        try (WorkLimits.Permit permit = limits.enter(WorkLimits.Kind.LONG_READ, identity.getPrincipal().getName())) {
            return invocation.proceed();
        }
    }
}
