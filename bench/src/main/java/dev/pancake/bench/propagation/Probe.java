package dev.pancake.bench.propagation;

import dev.pancake.Toggle;

/** The gated method whose answer the propagation benchmark watches. */
public class Probe {

    /** True while PROPAGATION is on; the fallback ({@code skip}) answers false. */
    @Toggle(name = "PROPAGATION")
    public boolean on() {
        return true;
    }
}
