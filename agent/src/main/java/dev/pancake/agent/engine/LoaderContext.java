package dev.pancake.agent.engine;

import java.lang.ref.WeakReference;
import java.util.List;

import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.log.Log;

/**
 * The group accessors of one application class loader, resolved lazily on first use, in the
 * order of pancake.yml's groups. Holds the loader weakly so that redeployed applications can be
 * unloaded.
 */
final class LoaderContext {

    private final WeakReference<ClassLoader> loader;
    private final String loaderName;
    private volatile GroupReader[] readers = new GroupReader[0];

    LoaderContext(ClassLoader loader) {
        this.loader = new WeakReference<>(loader);
        this.loaderName = describe(loader);
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

    ClassLoader loader() {
        return loader.get();
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
        private volatile Accessor accessor;
        private volatile boolean broken;

        GroupReader(GroupDef group) {
            this.group = group;
        }

        String id(LoaderContext ctx, FlagState flag) {
            if (broken) {
                return null;
            }
            Accessor a = accessor;
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

        private synchronized Accessor resolve(FlagState flag) {
            if (accessor != null || broken) {
                return accessor;
            }
            ClassLoader cl = loader.get();
            try {
                accessor = Accessor.resolve(group.accessor(), cl != null ? cl : ClassLoader.getSystemClassLoader());
                return accessor;
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
