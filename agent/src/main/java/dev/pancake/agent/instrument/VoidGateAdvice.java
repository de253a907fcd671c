package dev.pancake.agent.instrument;

import dev.pancake.bridge.Bridge;
import net.bytebuddy.asm.Advice;

/** {@link GateAdvice} for void methods: the fallback can only throw or call another method. */
final class VoidGateAdvice {

    private VoidGateAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@GateId int gate) {
        return Bridge.gate(gate).enter();
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter boolean active, @GateId int gate, @Advice.Origin Class<?> type,
            @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) throws Throwable {
        if (!active) {
            Bridge.gate(gate).fallback(type, self, args);
        }
    }
}
