package app.queued.protocol;

/**
 * Field validation for message records; failures become {@code bad_request} with this sentence. Every text field
 * follows {@link ShownText}'s rule, so that what one client sends is fit for everyone else to see.
 */
final class Check {
    private Check() {
    }

    static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        String trimmed = ShownText.trim(value);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (trimmed.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.isISOControl(trimmed.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters");
            }
        }
        String problem = ShownText.problem(trimmed);
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
        return trimmed;
    }

    static String optionalText(String field, String value, int maxLength) {
        return value == null ? null : text(field, value, maxLength);
    }

    static long positive(String field, Long value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive number");
        }
        return value;
    }
}
