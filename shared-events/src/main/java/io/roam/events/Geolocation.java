package io.roam.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a phone or a device pool is, in the fields of Cisco's geolocation (RFC 4119's civic
 * address, abridged). Any field may be null. A geolocation filter names the fields that count
 * when two geolocations are compared.
 */
public record Geolocation(String country, String state, String city, String postalCode, String building,
                          String floor) {

    public static final Geolocation NONE = new Geolocation(null, null, null, null, null, null);

    public enum Field { COUNTRY, STATE, CITY, POSTAL_CODE, BUILDING, FLOOR }

    public String get(Field field) {
        return switch (field) {
            case COUNTRY -> country;
            case STATE -> state;
            case CITY -> city;
            case POSTAL_CODE -> postalCode;
            case BUILDING -> building;
            case FLOOR -> floor;
        };
    }

    /**
     * How many of the filter's fields this one has and the other has equal (case-insensitively);
     * -1 if a field both have differs, so that a pool in another city never matches a phone, however
     * many other fields agree. An empty filter counts every field.
     */
    public int matches(Geolocation other, Set<Field> filter) {
        int matched = 0;
        for (Field field : filter.isEmpty() ? EnumSet.allOf(Field.class) : filter) {
            String mine = get(field);
            String theirs = other.get(field);
            if (mine == null || theirs == null) {
                continue;
            }
            if (!mine.equalsIgnoreCase(theirs)) {
                return -1;
            }
            matched++;
        }
        return matched;
    }

    /** Not a field: JSON carries the six fields only. */
    @JsonIgnore
    public boolean isEmpty() {
        return equals(NONE);
    }
}
