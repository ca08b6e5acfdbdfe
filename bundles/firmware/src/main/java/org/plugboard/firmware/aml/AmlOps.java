package org.plugboard.firmware.aml;

/**
 * AML expressions and control flow for method bodies: locals and arguments, references to
 * named objects, {@code Store}, arithmetic and logical operators, {@code If}/{@code Else},
 * {@code While}, {@code Notify}, {@code CreateDWordField}, {@code Index}/{@code DerefOf},
 * {@code SizeOf} and mutexes. Operators that take a target are encoded without one (the result
 * is the expression's value), as ASL {@code Local0 = (Arg0 & 0x80)} compiles.
 */
public final class AmlOps {
    private static final int LOCAL0 = 0x60, ARG0 = 0x68;
    private static final int STORE = 0x70, ADD = 0x72, SUBTRACT = 0x74, INCREMENT = 0x75, SHIFT_LEFT = 0x79, SHIFT_RIGHT = 0x7a;
    private static final int AND = 0x7b, OR = 0x7d, DEREF_OF = 0x83, NOTIFY = 0x86, SIZE_OF = 0x87, INDEX = 0x88;
    private static final int CREATE_DWORD_FIELD = 0x8a, LAND = 0x90, LOR = 0x91, LNOT = 0x92, LEQUAL = 0x93;
    private static final int LGREATER = 0x94, LLESS = 0x95, IF = 0xa0, ELSE = 0xa1, WHILE = 0xa2, BREAK = 0xa5;
    private static final int TO_BUFFER = 0x96, TO_HEX_STRING = 0x98;
    private static final int EXT = 0x5b, MUTEX = 0x01, DEBUG = 0x31, ACQUIRE = 0x23, RELEASE = 0x27;
    private static final byte[] NO_TARGET = {0x00};

    private AmlOps() {
    }

    /** {@code LocalN}, N = 0..7. */
    public static byte[] local(int n) {
        if (n < 0 || n > 7) throw new IllegalArgumentException("Local" + n + ": locals are Local0..Local7");
        return new byte[] {(byte) (LOCAL0 + n)};
    }

    /** {@code ArgN}, N = 0..6. */
    public static byte[] arg(int n) {
        if (n < 0 || n > 6) throw new IllegalArgumentException("Arg" + n + ": arguments are Arg0..Arg6");
        return new byte[] {(byte) (ARG0 + n)};
    }

    /** A reference to a named object (or a call of a method without arguments): its name path. */
    public static byte[] ref(String path) {
        return Aml.namePath(path);
    }

    /** A method call: the method's path, then its arguments. */
    public static byte[] call(String method, byte[]... args) {
        return Aml.concat(Aml.namePath(method), Aml.concat(args));
    }

    /** {@code Store (value, target)}, ASL {@code target = value}. */
    public static byte[] store(byte[] value, byte[] target) {
        return Aml.concat(new byte[] {STORE}, value, target);
    }

    /** {@code Increment (target)}. */
    public static byte[] increment(byte[] target) {
        return Aml.concat(new byte[] {INCREMENT}, target);
    }

    public static byte[] add(byte[] a, byte[] b) { return binary(ADD, a, b); }

    public static byte[] subtract(byte[] a, byte[] b) { return binary(SUBTRACT, a, b); }

    public static byte[] and(byte[] a, byte[] b) { return binary(AND, a, b); }

    public static byte[] or(byte[] a, byte[] b) { return binary(OR, a, b); }

    /** {@code Or (a, b, target)}, ASL {@code target = a | b} ({@code target |= b} when a is the target). */
    public static byte[] or(byte[] a, byte[] b, byte[] target) { return Aml.concat(new byte[] {OR}, a, b, target); }

    /** {@code Subtract (a, b, target)}, ASL {@code target = a - b}. */
    public static byte[] subtract(byte[] a, byte[] b, byte[] target) { return Aml.concat(new byte[] {SUBTRACT}, a, b, target); }

    /** {@code ToHexString (value, target)}. */
    public static byte[] toHexString(byte[] value, byte[] target) { return Aml.concat(new byte[] {(byte) TO_HEX_STRING}, value, target); }

    /** {@code ToBuffer (value, target)}. */
    public static byte[] toBuffer(byte[] value, byte[] target) { return Aml.concat(new byte[] {(byte) TO_BUFFER}, value, target); }

    /** The {@code Debug} object: what is stored to it goes to the OS's debug output. */
    public static byte[] debugObject() { return new byte[] {EXT, DEBUG}; }

    /** {@code Break}: leaves the innermost {@code While}. */
    public static byte[] breakLoop() { return new byte[] {(byte) BREAK}; }

    public static byte[] shiftLeft(byte[] a, byte[] bits) { return binary(SHIFT_LEFT, a, bits); }

    public static byte[] shiftRight(byte[] a, byte[] bits) { return binary(SHIFT_RIGHT, a, bits); }

    /** {@code Index (source, index)}: a reference to an element of a package, buffer or string. */
    public static byte[] index(byte[] source, byte[] index) { return binary(INDEX, source, index); }

    public static byte[] derefOf(byte[] reference) { return Aml.concat(new byte[] {(byte) DEREF_OF}, reference); }

    public static byte[] sizeOf(byte[] object) { return Aml.concat(new byte[] {(byte) SIZE_OF}, object); }

    public static byte[] lEqual(byte[] a, byte[] b) { return logical(LEQUAL, a, b); }

    public static byte[] lLess(byte[] a, byte[] b) { return logical(LLESS, a, b); }

    public static byte[] lGreater(byte[] a, byte[] b) { return logical(LGREATER, a, b); }

    public static byte[] lAnd(byte[] a, byte[] b) { return logical(LAND, a, b); }

    public static byte[] lOr(byte[] a, byte[] b) { return logical(LOR, a, b); }

    public static byte[] lNot(byte[] a) { return Aml.concat(new byte[] {(byte) LNOT}, a); }

    /** {@code If (predicate) { body }}. */
    public static byte[] ifThen(byte[] predicate, byte[]... body) {
        return Aml.withPkgLength(new byte[] {(byte) IF}, Aml.concat(predicate, Aml.concat(body)));
    }

    /** {@code Else { body }}: directly after an {@link #ifThen}. */
    public static byte[] orElse(byte[]... body) {
        return Aml.withPkgLength(new byte[] {(byte) ELSE}, Aml.concat(body));
    }

    /** {@code While (predicate) { body }}. */
    public static byte[] whileLoop(byte[] predicate, byte[]... body) {
        return Aml.withPkgLength(new byte[] {(byte) WHILE}, Aml.concat(predicate, Aml.concat(body)));
    }

    /** {@code Notify (object, value)}. */
    public static byte[] notify(byte[] object, byte[] value) {
        return Aml.concat(new byte[] {(byte) NOTIFY}, object, value);
    }

    /** {@code CreateDWordField (buffer, byteIndex, name)}. */
    public static byte[] createDWordField(byte[] buffer, byte[] byteIndex, String name) {
        return Aml.concat(new byte[] {(byte) CREATE_DWORD_FIELD}, buffer, byteIndex, Aml.namePath(name));
    }

    /** {@code Mutex (name, syncLevel)}. */
    public static byte[] mutex(String name, int syncLevel) {
        if (syncLevel < 0 || syncLevel > 15) throw new IllegalArgumentException("mutex sync level " + syncLevel + " is not 0..15");
        return Aml.concat(new byte[] {EXT, MUTEX}, Aml.namePath(name), new byte[] {(byte) syncLevel});
    }

    /** {@code Acquire (mutex, timeoutMillis)}; 0xffff waits forever. */
    public static byte[] acquire(String mutex, int timeoutMillis) {
        return Aml.concat(new byte[] {EXT, ACQUIRE}, Aml.namePath(mutex), new byte[] {(byte) timeoutMillis, (byte) (timeoutMillis >> 8)});
    }

    /** {@code Release (mutex)}. */
    public static byte[] release(String mutex) {
        return Aml.concat(new byte[] {EXT, RELEASE}, Aml.namePath(mutex));
    }

    private static byte[] binary(int opcode, byte[] a, byte[] b) {
        return Aml.concat(new byte[] {(byte) opcode}, a, b, NO_TARGET);
    }

    private static byte[] logical(int opcode, byte[] a, byte[] b) {
        return Aml.concat(new byte[] {(byte) opcode}, a, b);
    }
}
