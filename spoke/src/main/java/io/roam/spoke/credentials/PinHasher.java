package io.roam.spoke.credentials;

import io.roam.spoke.SpokeProperties;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/** PINs exist only as salted bcrypt hashes; the cost is the EM setting {@code pin-hash-cost}. */
@Component
public class PinHasher {

    private final BCryptPasswordEncoder encoder;

    public PinHasher(SpokeProperties properties) {
        this.encoder = new BCryptPasswordEncoder(properties.em().pinHashCost());
    }

    public String hash(String pin) {
        return encoder.encode(pin);
    }

    public boolean matches(String pin, String hash) {
        return hash != null && encoder.matches(pin, hash);
    }
}
