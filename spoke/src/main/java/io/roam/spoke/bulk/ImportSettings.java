package io.roam.spoke.bulk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roam.spoke.import.*}: the largest file {@code POST /api/v1/admin/import} takes. The file
 * is streamed, but its checked rows are held until every one has passed, so the bound is also one
 * on the heap an import needs.
 */
@ConfigurationProperties("roam.spoke.import")
public record ImportSettings(@DefaultValue("32MB") DataSize maxBytes) {

    public ImportSettings {
        if (maxBytes.toBytes() < 1) {
            throw new IllegalArgumentException("roam.spoke.import.max-bytes must be positive");
        }
    }
}
