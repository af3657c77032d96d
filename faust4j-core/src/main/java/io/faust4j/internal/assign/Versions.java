package io.faust4j.internal.assign;

/** The version rule both encodings share: version 1 now; later versions only append fields. */
final class Versions {
    static final int CURRENT = 1;

    private Versions() {
    }

    static int read(WireReader in) {
        int version = in.readByte("the version byte");
        if (version < 1) {
            throw in.fail("version " + version + " does not exist; this worker reads versions 1 and up");
        }
        return version;
    }

    /** Version 1 data must end here; a later version's appended fields are skipped. */
    static void end(WireReader in, int version) {
        if (version == CURRENT && in.remaining() > 0) {
            throw in.fail(in.remaining() + " bytes follow the last field of version " + CURRENT);
        }
    }
}
