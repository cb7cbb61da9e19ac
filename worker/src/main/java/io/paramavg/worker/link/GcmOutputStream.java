package io.paramavg.worker.link;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

/**
 * Writes what it is given as AES-GCM frames: {@code plaintext length (int), ciphertext, 16-byte tag},
 * at most {@link #FRAME} bytes of plaintext each; or, in clear, {@code length, plaintext, tag} where the
 * tag is the one encrypting the plaintext would give (the reader encrypts what it received and compares
 * tags): not encrypted, still authenticated, so "encryption off" never means that someone who can write
 * into the TCP stream can rewrite parameters. A forgery is a forgery of AES-GCM itself. (GCM's
 * associated-data path would be the textbook MAC, but JDK 17 runs it three times slower than its fused
 * encryption: see docs/security.md.)
 * The nonce is the frame's number in this direction (the key is this connection's and this direction's
 * alone, so a nonce is never used twice under one key), which also makes a dropped, repeated or
 * reordered frame fail the reader's tag check.
 */
public final class GcmOutputStream extends OutputStream {
    /** Plaintext bytes per frame: large enough that the per-frame set-up is noise, small enough to buffer. */
    public static final int FRAME = 1 << 16;
    static final int TAG_BYTES = 16;

    private final DataOutputStream out;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final boolean encrypt;
    private final byte[] plain = new byte[FRAME];
    private final byte[] sealed = new byte[FRAME + TAG_BYTES];
    private int position;
    private long counter;

    GcmOutputStream(OutputStream out, byte[] key, boolean encrypt) {
        this.out = new DataOutputStream(out);
        this.key = new SecretKeySpec(key, "AES");
        this.encrypt = encrypt;
        this.cipher = GcmInputStream.aesGcm();
    }

    @Override
    public void write(int b) throws IOException {
        if (position == FRAME) {
            seal();
        }
        plain[position++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (position == FRAME) {
                seal();
            }
            int n = Math.min(length, FRAME - position);
            System.arraycopy(bytes, offset, plain, position, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (position > 0) {
            seal();
        }
        out.flush();
    }

    private void seal() throws IOException {
        int length;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, GcmInputStream.nonce(counter++)));
            length = cipher.doFinal(plain, 0, position, sealed, 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal a frame: " + e.getMessage(), e);
        }
        out.writeInt(position);
        if (encrypt) {
            out.write(sealed, 0, length);
        } else {
            // In clear: the plaintext, then the tag of its encryption (the ciphertext stays here).
            out.write(plain, 0, position);
            out.write(sealed, position, TAG_BYTES);
        }
        position = 0;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
