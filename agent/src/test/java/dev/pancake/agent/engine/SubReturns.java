package dev.pancake.agent.engine;

/** Inherits the methods a {@code call} fallback may name. */
class SubReturns extends Returns {

    String subSearch(String query, int limit) { return "sub " + query; }
}
