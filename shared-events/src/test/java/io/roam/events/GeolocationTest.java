package io.roam.events;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GeolocationTest {

    private static final Geolocation PARIS_HQ = new Geolocation("FR", "IDF", "Paris", "75008", "HQ", "3");

    @Test
    void only_the_filters_fields_count_and_a_missing_field_neither_matches_nor_differs() {
        Geolocation parisSomewhere = new Geolocation("fr", null, "paris", null, "Annex", null);

        assertThat(PARIS_HQ.matches(parisSomewhere, EnumSet.of(Geolocation.Field.COUNTRY, Geolocation.Field.CITY)))
                .isEqualTo(2);
        assertThat(PARIS_HQ.matches(parisSomewhere, EnumSet.of(Geolocation.Field.COUNTRY, Geolocation.Field.STATE)))
                .isEqualTo(1);
    }

    @Test
    void a_field_both_have_and_that_differs_rules_the_match_out() {
        Geolocation lyon = new Geolocation("FR", "ARA", "Lyon", null, null, null);

        assertThat(PARIS_HQ.matches(lyon, EnumSet.of(Geolocation.Field.COUNTRY, Geolocation.Field.CITY))).isEqualTo(-1);
        assertThat(PARIS_HQ.matches(lyon, EnumSet.of(Geolocation.Field.COUNTRY))).isEqualTo(1);
    }

    @Test
    void an_empty_filter_counts_every_field() {
        assertThat(PARIS_HQ.matches(PARIS_HQ, Set.of())).isEqualTo(6);
        assertThat(Geolocation.NONE.isEmpty()).isTrue();
    }
}
