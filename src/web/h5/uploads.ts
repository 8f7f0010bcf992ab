/** Limits of what the H5 uploads, checked when a file is picked (the server checks the bytes again). */

/** The server's default limit (UPLOAD_MAX_MB 10); a bigger file is refused before it is sent. */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_BYTES = FILE_MAX_BYTES;

/** What a photo picker offers and lets through. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];

/** Why a picked file cannot be a photo, as an i18n key (under the page's own strings); null when it can. */
export function photoProblem(file: {
  type: string;
  size: number;
}): 'photoWrongType' | 'photoTooLarge' | null {
  if (!photoTypes.includes(file.type)) return 'photoWrongType';
  if (file.size > PHOTO_MAX_BYTES) return 'photoTooLarge';
  return null;
}
