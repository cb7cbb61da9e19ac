package io.paramavg.worker.link;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads the frames {@link GcmOutputStream} writes, encrypted or in clear, and hands out their plaintext
 * only once each frame's tag has checked. A frame's length field is checked against
 * {@link GcmOutputStream#FRAME} before a byte of it is read, and buffers are fixed: a peer cannot make
 * this side allocate.
 */
public final class GcmInputStream extends InputStream {
    private final DataInputStream in;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final boolean encrypted;
    private final byte[] sealed = new byte[GcmOutputStream.FRAME + GcmOutputStream.TAG_BYTES];
    private final byte[] plain = new byte[GcmOutputStream.FRAME + GcmOutputStream.TAG_BYTES];
    private int position;
    private int limit;
    private long counter;

    GcmInputStream(InputStream in, byte[] key, boolean encrypted) {
        this.in = new DataInputStream(in);
        this.key = new SecretKeySpec(key, "AES");
        this.encrypted = encrypted;
        this.cipher = aesGcm();
    }

    static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            // Every JDK ships AES/GCM/NoPadding (it is a required transformation).
            throw new IllegalStateException("AES/GCM/NoPadding is not available: " + e.getMessage(), e);
        }
    }

    /** The 96-bit nonce of frame {@code counter}: four zero bytes, then the counter. */
    static byte[] nonce(long counter) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !open()) {
            return -1;
        }
        return plain[position++] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit && !open()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(plain, position, bytes, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return limit - position;
    }

    /** Reads and opens the next frame; false at a clean end of stream between frames. */
    private boolean open() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return false;
        }
        int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length < 1 || length > GcmOutputStream.FRAME) {
            throw new IOException("frame length: expected 1 to " + GcmOutputStream.FRAME + " bytes, found " + length);
        }
        int sealedLength = length + GcmOutputStream.TAG_BYTES;
        in.readFully(sealed, 0, sealedLength);
        try {
            cipher.init(encrypted ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, key,
                    new GCMParameterSpec(GcmOutputStream.TAG_BYTES * 8, nonce(counter++)));
            if (encrypted) {
                limit = cipher.doFinal(sealed, 0, sealedLength, plain, 0);
            } else {
                // In clear: encrypt what arrived under the frame's nonce, as the writer did, and compare tags.
                cipher.doFinal(sealed, 0, length, plain, 0);
                if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, length, sealedLength),
                        Arrays.copyOfRange(sealed, length, sealedLength))) {
                    throw new AEADBadTagException("tag mismatch");
                }
                System.arraycopy(sealed, 0, plain, 0, length);
                limit = length;
            }
        } catch (AEADBadTagException e) {
            throw new IOException("frame " + (counter - 1) + " failed its authentication tag check: it was "
                    + "altered, replayed or reordered on the way", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open frame " + (counter - 1) + ": " + e.getMessage(), e);
        }
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
