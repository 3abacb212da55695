#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>

// A clip's recipe (the JSON of library/Recipe.h) kept inside the MP4 itself, as one format-level metadata tag, so that
// a clip sent through a chat still says how it was made. Written by remuxing with libavformat: every audio and video
// packet is copied as it is (no re-encoding), only the file's header changes. `ffprobe -show_format clip.mp4` shows
// it as TAG:com.paddock.recipe={...}.
namespace ClipRecipe {

// The tag's name. With the mov muxer's use_metadata_tags flag it is stored under this key in an 'mdta' keys box,
// which ffprobe, libavformat and exiftool show under the same name.
inline constexpr char kKey[] = "com.paddock.recipe";
// Longest recipe read back: a real one is a few KB (a 5,000-character prompt at most, hashes, a few numbers).
inline constexpr qsizetype kMaxRecipeBytes = 256 * 1024;

// Copies the MP4 source to target with recipeJson as its recipe tag: every audio and video stream copied packet for
// packet (timing, disposition and the file's other metadata kept; data and other streams left out), the index put
// at the front (faststart). Written to a temporary file in target's folder and renamed over target at the end, so
// that target is either the old file or the whole new one. False with *error in plain words on failure.
bool writeRecipe(const QString &source, const QString &target, const QByteArray &recipeJson, QString *error);

// The recipe tag of the clip at path, read from its header alone (nothing is decoded). The file is treated as
// hostile: only MP4/QuickTime is opened, only local files, and a tag over kMaxRecipeBytes, not UTF-8 or not a JSON
// object is refused. std::nullopt with *why in plain words ("This clip has no Paddock recipe.") otherwise.
std::optional<QByteArray> readRecipe(const QString &path, QString *why);

} // namespace ClipRecipe
