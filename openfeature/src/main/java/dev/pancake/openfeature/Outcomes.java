package dev.pancake.openfeature;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;

/**
 * What the agent answered ({@code "on:stored"}, {@code "off:override"}, ...) as an OpenFeature
 * evaluation: the value, its variant ({@code "on"} or {@code "off"}) and the reason.
 *
 * <table>
 *   <caption>Reasons</caption>
 *   <tr><th>the agent's answer</th><th>reason</th></tr>
 *   <tr><td>{@code stored}: the flag's value in the store, no targeting involved</td><td>{@code STATIC}</td></tr>
 *   <tr><td>{@code override}: a per-user or per-group override of a Flag</td><td>{@code TARGETING_MATCH}</td></tr>
 *   <tr><td>{@code percentage}: a Sample's draw</td><td>{@code SPLIT}</td></tr>
 *   <tr><td>{@code default}: nothing stored, pancake.yml's default</td><td>{@code DEFAULT}</td></tr>
 *   <tr><td>{@code undecided}: the agent has not read the store yet</td><td>error {@code PROVIDER_NOT_READY}</td></tr>
 *   <tr><td>null: not declared in pancake.yml</td><td>error {@code FLAG_NOT_FOUND}</td></tr>
 * </table>
 */
final class Outcomes {

    static final String ON = "on";
    static final String OFF = "off";

    private Outcomes() {}

    static ProviderEvaluation<Boolean> of(String flag, String outcome, Boolean defaultValue) {
        if (outcome == null) {
            return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, notDeclared(flag));
        }
        int colon = outcome.indexOf(':');
        String value = colon < 0 ? outcome : outcome.substring(0, colon);
        String source = colon < 0 ? "" : outcome.substring(colon + 1);
        if (!value.equals(ON) && !value.equals(OFF)) {
            return error(defaultValue, ErrorCode.GENERAL, "the Pancake agent answered " + outcome + " for flag " + flag);
        }
        Reason reason;
        switch (source) {
            case "stored": reason = Reason.STATIC; break;
            case "override": reason = Reason.TARGETING_MATCH; break;
            case "percentage": reason = Reason.SPLIT; break;
            case "default": reason = Reason.DEFAULT; break;
            case "undecided":
                return error(defaultValue, ErrorCode.PROVIDER_NOT_READY, "the Pancake agent has not read flag " + flag
                        + " from its store yet (it is starting, or this thread was interrupted)");
            default:
                return error(defaultValue, ErrorCode.GENERAL, "the Pancake agent answered " + outcome + " for flag " + flag);
        }
        return ProviderEvaluation.<Boolean>builder()
                .value(value.equals(ON))
                .variant(value)
                .reason(reason.toString())
                .build();
    }

    static String notDeclared(String flag) {
        return "flag " + flag + " is not declared in pancake.yml";
    }

    static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder()
                .value(defaultValue)
                .reason(Reason.ERROR.toString())
                .errorCode(code)
                .errorMessage(message)
                .build();
    }
}
