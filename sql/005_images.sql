-- 005_images.sql -- ad images live in the object store: campaigns.ad_image keeps the public URL
-- the API returns, ad_image_key the object's key (campaigns/<campaign_id>/<sha256>.<ext>), so
-- that replacing, deleting and `billboard-batch images-gc` never parse URLs.

ALTER TABLE campaigns ADD COLUMN ad_image_key text;

-- images-gc asks, for each object in the bucket, whether a live campaign still shows it.
CREATE INDEX campaigns_by_image_key ON campaigns (ad_image_key) WHERE ad_image_key IS NOT NULL;
