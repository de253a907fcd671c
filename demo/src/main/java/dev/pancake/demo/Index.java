package dev.pancake.demo;

/** {@code GET /}: what the demo serves, and how to flip its flags. */
final class Index {

    private Index() {}

    static String text(String url) {
        return """
                Pancake demo: a shop whose features are switched on and off by feature flags (see pancake.yml).

                Gated pages                       flag             type    while the flag is off
                  GET /checkout                   NEW_CHECKOUT     switch  the legacy checkout runs instead
                  GET /banner                     BANNER           switch  no banner (an empty page)
                  GET /search?q=waffles&user=42   BETA_SEARCH      flag    classic search, unless user 42 has it
                  GET /recommendations?user=42    RECOMMENDATIONS  sample  nothing, for users outside the percentage
                  GET /gift-cards                 GIFT_CARDS       switch  404 Not Found

                Flip flags from inside the app (the programmatic API: dev.pancake.Switch, Flag and Sample)
                  POST /flags/switches/NEW_CHECKOUT/enable           or disable, clear
                  POST /flags/flags/BETA_SEARCH/enable-user?user=42  or disable-user, clear-user; enable, disable, clear
                  POST /flags/samples/RECOMMENDATIONS/set?percent=75 or clear

                Try:  curl -X POST %1$s/flags/switches/NEW_CHECKOUT/enable; curl %1$s/checkout
                With PANCAKE_REDIS_URL set, any Redis client flips them too: redis-cli SET SWITCH:pancake:NEW_CHECKOUT 1
                """.formatted(url).stripTrailing();
    }
}
