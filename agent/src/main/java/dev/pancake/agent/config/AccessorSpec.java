package dev.pancake.agent.config;

import java.util.List;

/**
 * Where a group's id comes from: {@code com.example.Ctx#FIELD} (a static field; a ThreadLocal is
 * read with get()) or {@code com.example.Ctx#method()} (a static no-arg method), followed by an
 * optional {@code .property} chain (getter, record accessor or public field).
 */
public record AccessorSpec(String text, String className, String member, boolean method, List<String> properties) {

    @Override
    public String toString() {
        return text;
    }
}
