package org.plugboard.applesmc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.plugboard.api.device.DeviceState;

/**
 * The SMC's key table, kept sorted by name in byte order so that an index is a stable position:
 * Linux finds keys by binary search over GET_KEY_BY_INDEX, which only works on a sorted table.
 * The store adds {@code #KEY} (the key count, itself included) and holds each key's current value.
 */
final class KeyStore {
    static final String KEY_COUNT = "#KEY";
    private static final String STATE_PREFIX = "key.";

    private final SmcKey[] keys;
    private final byte[][] values;

    KeyStore(List<SmcKey> definitions) {
        List<SmcKey> all = new ArrayList<>(definitions);
        all.add(new SmcKey(KEY_COUNT, "ui32", SmcCodes.ATTR_READ,
                ByteBuffer.allocate(4).putInt(definitions.size() + 1).array()));
        // String order of ASCII names is the SMC's unsigned byte order
        all.sort(Comparator.comparing(SmcKey::name));
        for (int i = 1; i < all.size(); i++)
            if (all.get(i).name().equals(all.get(i - 1).name()))
                throw new IllegalArgumentException("SMC key '" + all.get(i).name() + "' is defined twice");
        keys = all.toArray(new SmcKey[0]);
        values = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) values[i] = keys[i].initialValue();
    }

    int size() {
        return keys.length;
    }

    /** The key's index, or -1 when the table has no such key. */
    int indexOf(String name) {
        int lo = 0, hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = keys[mid].name().compareTo(name);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    SmcKey key(int index) {
        return keys[index];
    }

    byte[] value(int index) {
        return values[index].clone();
    }

    /** Stores a value of the key's size; permissions are the protocol's business, not the store's. */
    void setValue(int index, byte[] value) {
        if (value.length != keys[index].size())
            throw new IllegalArgumentException("SMC key " + keys[index].name() + " holds " + keys[index].size()
                    + " bytes, not " + value.length);
        values[index] = value.clone();
    }

    /** Saves the value of every writable key: what the guest may have changed. */
    void save(DeviceState state) {
        for (int i = 0; i < keys.length; i++)
            if (keys[i].writable()) state.putBytes(STATE_PREFIX + keys[i].name(), values[i]);
    }

    /** Loads the writable keys a state holds; keys it does not know keep their value. */
    void restore(DeviceState state) {
        for (int i = 0; i < keys.length; i++) {
            String field = STATE_PREFIX + keys[i].name();
            if (keys[i].writable() && state.has(field)) setValue(i, state.getBytes(field));
        }
    }
}
