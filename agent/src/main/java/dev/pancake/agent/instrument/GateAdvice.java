package dev.pancake.agent.instrument;

import dev.pancake.bridge.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every gated method that returns a value. The enter advice asks the gate; when it
 * says no, the body is skipped and the exit advice writes the fallback's value as the return
 * value. Exceptions thrown by the body pass through untouched (there is no exit on throwable).
 *
 * <p>The virtual call {@code gate(id).enter()} sits here, in the advice, so that each gated method
 * gets its own monomorphic call site that the JIT inlines. An internal failure in the enter advice
 * is suppressed and counts as "inactive": the fallback runs, never a feature that should be off.
 */
final class GateAdvice {

    private GateAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@GateId int gate) {
        return Bridge.gate(gate).enter();
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter boolean active, @GateId int gate, @Advice.Origin Class<?> type,
            @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) throws Throwable {
        if (!active) {
            returned = Bridge.gate(gate).fallback(type, self, args);
        }
    }
}
