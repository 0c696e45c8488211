package io.roam.spoke;

import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a refusal by its EM error code, for Axon's fixtures. */
public final class EmErrors {

    private EmErrors() {
    }

    public static Matcher<EmException> refusedWith(EmError expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(EmException e) {
                return e.error() == expected;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("EM error " + expected.code() + " (" + expected + ")");
            }
        };
    }
}
