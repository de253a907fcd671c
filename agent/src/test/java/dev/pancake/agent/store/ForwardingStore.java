package dev.pancake.agent.store;

import java.util.Collection;
import java.util.List;

/** A store that hands every call to another: tests override the one call they change. */
public abstract class ForwardingStore implements Store {

    protected final Store inner;

    protected ForwardingStore(Store inner) {
        this.inner = inner;
    }

    @Override
    public Values read(Collection<String> keys) throws StoreException {
        return inner.read(keys);
    }

    @Override
    public String scanMembers(String setKey, String cursor, Collection<String> into) throws StoreException {
        return inner.scanMembers(setKey, cursor, into);
    }

    @Override
    public void set(String key, String value) throws StoreException {
        inner.set(key, value);
    }

    @Override
    public void delete(Collection<String> keys) throws StoreException {
        inner.delete(keys);
    }

    @Override
    public void addMember(String setKey, String member) throws StoreException {
        inner.addMember(setKey, member);
    }

    @Override
    public void removeMembers(String setKey, Collection<String> members) throws StoreException {
        inner.removeMembers(setKey, members);
    }

    @Override
    public List<Object> run(List<Command> commands, boolean atomic) throws StoreException {
        return inner.run(commands, atomic);
    }

    @Override
    public void watch(List<String> prefixes, ChangeListener listener) {
        inner.watch(prefixes, listener);
    }

    @Override
    public boolean watching() {
        return inner.watching();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
