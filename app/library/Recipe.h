#pragma once

#include "api/GenerationRequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

struct LibraryEntry;

// A generation's recipe: what an exported clip carries inside it (media/ClipRecipe.h) so that whoever receives the
// clip can see, and Paddock can redo, how it was made. It names input images by their SHA-256 and file name, never
// by a path on this computer.
//
//   {"paddock_recipe": 1, "model": "HappyHorse 1.1", "created": "2025-03-01T10:00:00.000Z",
//    "request_id": "…", "cost_cents": 70, "cost_charged": true, "mode": "image-to-video",
//    "request": {"prompt": …, "negative_prompt": …, "resolution": "720P", "duration": 5, "aspect_ratio": "16:9",
//                "prompt_extend": false, "watermark": false, "seed": 42, "mode_choice": "auto"},
//    "images": [{"role": "first_frame", "slot": 0, "sha256": "…", "name": "horse.jpg"},
//               {"role": "reference", "slot": 2, "url": "https://…"}]}
namespace Recipe {

inline constexpr int kVersion = 1;
inline constexpr char kModel[] = "HappyHorse 1.1";

// One input image as a recipe names it: a local image by the hash of its bytes, an address as it was given.
struct Image
{
    ImageRole role = ImageRole::FirstFrame;
    int slot = 0;   // 0 for the first frame; the index into GenerationRequest::references for a reference
    QString sha256; // 64 lowercase hex digits; empty for an address
    QString name;   // the file's name, a label only
    QUrl url;       // an address given instead of a file

    friend bool operator==(const Image &, const Image &) = default;
};

// The request's settings in the service's own field names, without its images: shared by the recipe and the
// JSON written beside an exported clip.
QJsonObject requestJson(const GenerationRequest &request);

// The recipe of entry. Hashes its local images, reading each file whole: call it off the GUI thread when they are
// large. An image that cannot be read is named without a hash.
QJsonObject recipeJson(const LibraryEntry &entry);
// recipeJson as compact UTF-8 JSON, as it is stored in a clip.
QByteArray recipeBytes(const LibraryEntry &entry);

// The request a recipe describes, every field checked as if written by someone hostile: a recipe with anything
// wrong (an unknown resolution or shape, a duration outside 3-15 s, a prompt over the limit, a seed out of range,
// a malformed hash) gives std::nullopt and every problem in plain words, so nothing half-read is ever used. The
// request has no images: *images gets what the recipe names, for the caller to find in the library by hash.
std::optional<GenerationRequest> recipeToRequest(const QJsonObject &recipe, QStringList *problems,
                                                 QList<Image> *images = nullptr);

// A recipe read back from a clip, as the form can show it: the request with the images this computer still has.
struct Restored
{
    std::optional<GenerationRequest> request; // nullopt when the recipe could not be used (problems say why)
    QStringList problems;                     // what was wrong with the recipe, in plain words
    QStringList missingImages;                // "horse.jpg (first frame)": named in the recipe, not found here
};

// Reads recipeJson (the bytes of a clip's recipe tag: hostile) into a request. Each image named by its hash comes
// from imagesDirectory (the library's images, stored by content) when it is there; an image given as an address
// comes back as that address. An image that is not found is left out and named in missingImages.
Restored restore(const QByteArray &recipeJson, const QString &imagesDirectory);

} // namespace Recipe
