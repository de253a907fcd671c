package dev.pancake.demo;

import java.util.List;
import java.util.Optional;

import dev.pancake.Toggle;

/**
 * The demo's business logic: plain methods, each gated by a flag with one annotation. While a flag is inactive the
 * method body does not run; its fallback from pancake.yml runs instead.
 */
public class Shop {

    /** While NEW_CHECKOUT is off, pancake.yml's {@code fallback: {call: legacyCheckout}} runs the old one. */
    @Toggle(name = "NEW_CHECKOUT")
    public String checkout() {
        return "New checkout: one page, pay with one click.";
    }

    public String legacyCheckout() {
        return "Legacy checkout: cart, address, payment, confirmation (4 pages).";
    }

    /** While BANNER is off, {@code fallback: skip} returns an empty Optional: no banner. */
    @Toggle(name = "BANNER")
    public Optional<String> banner() {
        return Optional.of("Pancake Tuesday: free maple syrup with every stack!");
    }

    /**
     * A Flag can be on for some users only: the agent reads the current user from {@link RequestContext}. Users
     * without the flag get {@code fallback: {call: classicSearch}}.
     */
    @Toggle(name = "BETA_SEARCH", type = Toggle.Type.FLAG)
    public String search(String query) {
        return "Beta search for \"" + query + "\": 3 stacks, ranked by fluffiness.";
    }

    public String classicSearch(String query) {
        return "Classic search for \"" + query + "\": 12 results, in alphabetical order.";
    }

    /** A Sample: on for a percentage of users (sticky: a user keeps their answer). Otherwise an empty list. */
    @Toggle(name = "RECOMMENDATIONS", type = Toggle.Type.SAMPLE)
    public List<String> recommendations() {
        return List.of("blueberry pancakes", "maple syrup", "whipped butter");
    }

    /** Not launched yet: while GIFT_CARDS is off, {@code fallback: throw} throws FeatureDisabledException. */
    @Toggle(name = "GIFT_CARDS")
    public String giftCards() {
        return "Gift cards: 10, 25 or 50 euros, delivered by email.";
    }
}
