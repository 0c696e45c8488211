package io.roam.spoke.credentials;

import io.roam.spoke.SpokeProperties;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/** PINs exist only as salted bcrypt hashes; the cost is the EM setting {@code pin-hash-cost}. */
@Component
public class PinHasher {

    /** bcrypt reads no further: a longer PIN could not be told from its first bytes. */
    public static final int MAX_PIN_BYTES = 72;

    private final BCryptPasswordEncoder encoder;

    public PinHasher(SpokeProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.em().pinHashCost());
    }

    public static boolean tooLong(String pin) {
        return pin.getBytes(StandardCharsets.UTF_8).length > MAX_PIN_BYTES;
    }

    /** Callers refuse a PIN that is {@link #tooLong} first: bcrypt would throw. */
    public String hash(String pin) {
        return encoder.encode(pin);
    }

    /** A PIN too long to hash was never provisioned, so it is wrong, even if its first bytes are right. */
    public boolean matches(String pin, String hash) {
        return hash != null && !tooLong(pin) && encoder.matches(pin, hash);
    }
}
