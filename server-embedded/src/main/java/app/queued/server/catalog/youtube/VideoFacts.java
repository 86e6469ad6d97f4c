package app.queued.server.catalog.youtube;

import app.queued.protocol.CatalogEntry;
import java.util.List;
import java.util.Locale;

/**
 * What videos.list tells about one video, as cached: the metadata guests see and the facts that decide whether
 * the host's player can play it. Whether it plays is decided when it is read ({@link #refusal(String)}), so a
 * cached video is judged against the region configured now.
 *
 * @param live             {@code snippet.liveBroadcastContent}: {@code none}, {@code live} or {@code upcoming}
 * @param privacy          {@code status.privacyStatus}: {@code public}, {@code unlisted} or {@code private}
 * @param uploadStatus     {@code status.uploadStatus}: {@code processed}, {@code uploaded}, {@code failed}...
 * @param allowedRegions   {@code contentDetails.regionRestriction.allowed}; null when there is no allow list
 * @param blockedRegions   {@code contentDetails.regionRestriction.blocked}; null when there is no block list
 * @param ageRestricted    {@code contentDetails.contentRating.ytRating == ytAgeRestricted} (embeds refuse those)
 */
public record VideoFacts(
        String videoId,
        String title,
        String channel,
        int durationSeconds,
        String thumbnailUrl,
        boolean embeddable,
        String live,
        String privacy,
        String uploadStatus,
        List<String> allowedRegions,
        List<String> blockedRegions,
        boolean ageRestricted) {

    public CatalogEntry entry() {
        return new CatalogEntry(videoId, title, channel, durationSeconds, thumbnailUrl);
    }

    public boolean playableIn(String region) {
        return refusal(region) == null;
    }

    /** Why the host's player cannot play this video in {@code region}, as a sentence for guests; null if it can. */
    public String refusal(String region) {
        String name = "\u201c" + title + "\u201d";
        if ("private".equals(privacy)) {
            return name + " is private on YouTube, so the party cannot play it.";
        }
        if (uploadStatus != null && !"processed".equals(uploadStatus)) {
            return switch (uploadStatus) {
                case "uploaded" -> name + " is still being processed by YouTube; try again later.";
                case "deleted" -> name + " was deleted from YouTube.";
                case "rejected" -> name + " was removed by YouTube.";
                default -> name + " did not upload properly to YouTube, so it cannot be played.";
            };
        }
        if ("live".equals(live)) {
            return name + " is a live stream; only finished videos can be queued.";
        }
        if ("upcoming".equals(live)) {
            return name + " is a premiere or live stream that has not started yet; only finished videos can be "
                    + "queued.";
        }
        if (!embeddable) {
            return name + " cannot be played outside YouTube (its owner turned off embedding).";
        }
        if (ageRestricted) {
            return name + " is age-restricted, and YouTube does not play those in other apps.";
        }
        if (region != null) {
            String r = region.toUpperCase(Locale.ROOT);
            if ((allowedRegions != null && !allowedRegions.contains(r))
                    || (blockedRegions != null && blockedRegions.contains(r))) {
                return name + " is not available in this country (" + r + ").";
            }
        }
        return null;
    }
}
