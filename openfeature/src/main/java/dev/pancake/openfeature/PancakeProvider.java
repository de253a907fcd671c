package dev.pancake.openfeature;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.GeneralError;

/**
 * An OpenFeature provider that answers from the Pancake agent attached to this JVM
 * ({@code -javaagent:pancake-agent.jar}): the same Switches, Flags and Samples, the same Redis keys,
 * the same pancake.yml, as the application's {@code @Toggle} methods.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(new PancakeProvider());
 * Client client = OpenFeatureAPI.getInstance().getClient();
 * boolean on = client.getBooleanValue("NEW_CHECKOUT", false, new ImmutableContext("42"));
 * }</pre>
 *
 * <p>Only boolean evaluations: Pancake's flags are on or off. The evaluation context's targeting
 * key is the id of pancake.yml's first group (or of the group named in
 * {@link #PancakeProvider(String)}); attributes named like a group give that group's id (see
 * {@link ContextIds}). Every change the agent sees (its own writes, and those of redis-cli,
 * flask-pancake, the CLI or another JVM, which its change feed reports; a reload of pancake.yml
 * that changes a flag's declaration) emits {@code PROVIDER_CONFIGURATION_CHANGED} naming the
 * flag. Nothing here throws at the application: every failure is an evaluation error carrying
 * the default value.
 */
public class PancakeProvider extends EventProvider {

    private static final Metadata METADATA = new Metadata() {
        @Override
        public String getName() {
            return "Pancake";
        }
    };

    /** The group the targeting key is an id of; null for pancake.yml's first group. */
    private final String targetingKeyGroup;

    /** Held here, strongly, for as long as the provider lives: the agent holds it weakly. */
    private final Consumer<String> changes = new Consumer<>() {
        @Override
        public void accept(String flag) {
            emitProviderConfigurationChanged(ProviderEventDetails.builder()
                    .flagsChanged(List.of(flag))
                    .message("flag " + flag + " changed")
                    .build());
        }
    };

    private Runnable unsubscribe; // guarded by this

    /** A provider whose targeting key is the id of pancake.yml's first group. */
    public PancakeProvider() {
        this.targetingKeyGroup = null;
    }

    /**
     * A provider whose targeting key is an id of {@code targetingKeyGroup}, a group that
     * pancake.yml declares (an evaluation with a targeting key fails with
     * {@code INVALID_CONTEXT} while it does not).
     *
     * @throws IllegalArgumentException when the name is null or blank
     */
    public PancakeProvider(String targetingKeyGroup) {
        if (targetingKeyGroup == null || targetingKeyGroup.isBlank()) {
            throw new IllegalArgumentException("PancakeProvider: the targeting key's group must be a group name of"
                    + " pancake.yml, such as \"user\"; got " + (targetingKeyGroup == null ? "null" : "\"" + targetingKeyGroup + "\""));
        }
        this.targetingKeyGroup = targetingKeyGroup;
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /**
     * Fails when no agent is attached (the provider's state is then {@code ERROR}, and evaluations
     * answer the default with {@code PROVIDER_NOT_READY}). An agent that is still starting is
     * fine: change events begin once it has started.
     *
     * @throws GeneralError saying to add {@code -javaagent:pancake-agent.jar}
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) throws Exception {
        AgentLink agent = AgentLink.find();
        if (agent == null) {
            throw new GeneralError(AgentLink.unavailable());
        }
        synchronized (this) {
            if (unsubscribe == null) {
                unsubscribe = agent.onChange(changes);
            }
        }
    }

    @Override
    public void shutdown() {
        Runnable u;
        synchronized (this) {
            u = unsubscribe;
            unsubscribe = null;
        }
        if (u != null) {
            try {
                u.run();
            } catch (RuntimeException | LinkageError e) {
                // the agent forgets a listener nobody holds anyway
            }
        }
        super.shutdown();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        AgentLink agent = AgentLink.find();
        if (agent == null) {
            return Outcomes.error(defaultValue, ErrorCode.PROVIDER_NOT_READY, AgentLink.unavailable());
        }
        try {
            Map<String, String> ids = Map.of();
            if (ContextIds.mayHaveIds(ctx)) {
                List<String> groups = agent.groups();
                String key0 = ctx.getTargetingKey();
                if (targetingKeyGroup != null && key0 != null && !key0.isEmpty() && !groups.contains(targetingKeyGroup)) {
                    return Outcomes.error(defaultValue, ErrorCode.INVALID_CONTEXT, "the targeting key is an id of group "
                            + targetingKeyGroup + " (new PancakeProvider(\"" + targetingKeyGroup + "\")), which pancake.yml"
                            + " does not declare; its groups are " + groups);
                }
                ids = ContextIds.of(ctx, groups, targetingKeyGroup);
            }
            return Outcomes.of(key, agent.evaluate(key, ids), defaultValue);
        } catch (IllegalStateException e) {
            return Outcomes.error(defaultValue, ErrorCode.PROVIDER_NOT_READY, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Outcomes.error(defaultValue, ErrorCode.GENERAL, "evaluating flag " + key + " failed: " + e);
        }
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return notBoolean(key, defaultValue, "string");
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return notBoolean(key, defaultValue, "integer");
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return notBoolean(key, defaultValue, "double");
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return notBoolean(key, defaultValue, "object");
    }

    /** Pancake's flags are booleans: any other type is a mismatch, once the flag is known to exist. */
    private static <T> ProviderEvaluation<T> notBoolean(String key, T defaultValue, String type) {
        AgentLink agent = AgentLink.find();
        if (agent == null) {
            return Outcomes.error(defaultValue, ErrorCode.PROVIDER_NOT_READY, AgentLink.unavailable());
        }
        try {
            String declared = agent.declaredType(key);
            if (declared == null) {
                return Outcomes.error(defaultValue, ErrorCode.FLAG_NOT_FOUND, Outcomes.notDeclared(key));
            }
            return Outcomes.error(defaultValue, ErrorCode.TYPE_MISMATCH, "flag " + key + " is a " + declared
                    + ", which is on or off: evaluate it as a boolean, not as " + ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ")
                    + type);
        } catch (IllegalStateException e) {
            return Outcomes.error(defaultValue, ErrorCode.PROVIDER_NOT_READY, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Outcomes.error(defaultValue, ErrorCode.GENERAL, "evaluating flag " + key + " failed: " + e);
        }
    }
}
