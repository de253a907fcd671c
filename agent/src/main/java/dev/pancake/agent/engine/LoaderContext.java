package dev.pancake.agent.engine;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.log.Log;

/**
 * The group accessors of one application class loader, resolved lazily on first use, in the
 * order of pancake.yml's groups.
 *
 * <p>Nothing here keeps the application's classes reachable, so that a redeployed application's
 * class loader can be collected although gates and API handles keep their context: the loader is
 * held weakly, and so is each resolved {@link Accessor} (which holds method handles and values of
 * the application). What keeps an accessor alive is the class it starts from, in a
 * {@link ClassValue}: it lives exactly as long as that class does.
 */
final class LoaderContext {

    private static final WeakReference<Accessor> UNRESOLVED = new WeakReference<>(null);

    private final WeakReference<ClassLoader> loader;
    private final boolean boot;
    private final String loaderName;
    private volatile GroupReader[] readers = new GroupReader[0];

    /**
     * @param dropped where the loader's reference is queued once the application has dropped it
     */
    LoaderContext(ClassLoader loader, ReferenceQueue<ClassLoader> dropped) {
        this.loader = new WeakReference<>(loader, dropped);
        this.boot = loader == null;
        this.loaderName = describe(loader);
    }

    /** True once the application's class loader has been collected: none of its classes can run any more. */
    boolean dropped() {
        return !boot && loader.get() == null;
    }

    private static String describe(ClassLoader loader) {
        if (loader == null) {
            return "the bootstrap class loader";
        }
        if (loader == ClassLoader.getSystemClassLoader()) {
            return "the application class loader";
        }
        String name = loader.getName();
        return "class loader " + (name != null ? "'" + name + "' (" + loader.getClass().getName() + ")" : loader);
    }

    /** Called when pancake.yml's groups change. */
    void groups(List<GroupDef> groups) {
        GroupReader[] fresh = new GroupReader[groups.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = new GroupReader(groups.get(i));
        }
        readers = fresh;
    }

    GroupReader[] readers() {
        return readers;
    }

    /**
     * The current id in group {@code index}, or null when there is none (or its accessor failed,
     * which is counted as an error of {@code flag} and reported once).
     */
    String id(int index, FlagState flag) {
        GroupReader[] r = readers;
        return index < r.length ? r[index].id(this, flag) : null;
    }

    final class GroupReader {
        private final GroupDef group;
        /** Holds each resolved accessor in the class it starts from (see the class comment). */
        private final ClassValue<Accessor[]> anchor = new ClassValue<>() {
            @Override
            protected Accessor[] computeValue(Class<?> type) {
                return new Accessor[1];
            }
        };
        private volatile WeakReference<Accessor> accessor = UNRESOLVED;
        private volatile boolean broken;

        GroupReader(GroupDef group) {
            this.group = group;
        }

        String id(LoaderContext ctx, FlagState flag) {
            if (broken) {
                return null;
            }
            Accessor a = accessor.get();
            if (a == null) {
                a = resolve(flag);
                if (a == null) {
                    return null;
                }
            }
            try {
                Object value = a.read();
                return value == null ? null : value instanceof String s ? s : String.valueOf(value);
            } catch (Accessor.Unreadable e) {
                broken = true;
                flag.counters.add(Counters.ERROR);
                Log.once(Log.Level.WARN, "accessor-unreadable:" + group.name() + ":" + group.accessor(),
                        group.where() + ": group " + group.name() + ": accessor " + group.accessor() + " cannot be used: "
                                + e.getMessage() + "; the group is skipped");
                return null;
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
                flag.counters.add(Counters.ERROR);
                Log.once(Log.Level.WARN, "accessor-failed:" + group.name() + ":" + group.accessor(),
                        "group " + group.name() + ": accessor " + group.accessor() + " threw " + t
                                + "; the group is skipped for the calls where it throws");
                return null;
            }
        }

        /**
         * Resolves the accessor, the first time or again after the class it started from was
         * collected (a class loader that does not delegate to its parent may lose it). Null when
         * it cannot be used, or when the application has dropped this loader.
         */
        private synchronized Accessor resolve(FlagState flag) {
            Accessor a = accessor.get();
            if (a != null || broken) {
                return a;
            }
            ClassLoader cl = boot ? ClassLoader.getSystemClassLoader() : loader.get();
            if (cl == null) {
                return null;
            }
            try {
                a = Accessor.resolve(group.accessor(), cl);
                anchor.get(a.type())[0] = a;
                accessor = new WeakReference<>(a);
                return a;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                broken = true;
                flag.counters.add(Counters.ERROR);
                Log.once(Log.Level.WARN, "accessor-missing:" + group.name() + ":" + group.accessor() + ":" + loaderName,
                        group.where() + ": group " + group.name() + ": accessor " + group.accessor() + " cannot be used from "
                                + loaderName + ": " + e.getMessage() + "; the group is skipped");
                return null;
            }
        }
    }
}
