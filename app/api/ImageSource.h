#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <QUrl>

// An image the user gave for a generation: a file on this computer or a public web address.
struct ImageSource final
{
    enum class Kind
    {
        None,
        LocalFile,
        Url
    };

    Kind kind = Kind::None;
    QString path; // LocalFile only
    QUrl url;     // Url only
    // The name the user's file had, for labels only (never a path to read): the library keeps images under their
    // content's hash, and this is what the user knows them by. Empty: the name of path.
    QString originalName;

    static ImageSource fromFile(const QString &filePath);
    static ImageSource fromUrl(const QUrl &webUrl);

    bool isEmpty() const { return kind == Kind::None; }
    bool isLocalFile() const { return kind == Kind::LocalFile; }
    bool isUrl() const { return kind == Kind::Url; }
    // The file name or the address, for labels and messages.
    QString displayName() const;

    friend bool operator==(const ImageSource &, const ImageSource &) = default;
};

// The two ways the service uses an image; their size rules differ.
enum class ImageRole
{
    FirstFrame,
    Reference
};

// The service's image limits (segmind-api.md, "Image rules").
namespace ImageRules {
constexpr qint64 kMaxFileBytes = 20LL * 1000 * 1000; // decimal MB, the stricter reading of "20 MB"
constexpr int kMinFirstFrameSide = 300;
constexpr int kMinReferenceShortSide = 400;
// The first frame's long side may be at most 5/2 of its short side.
constexpr int kMaxAspectNumerator = 5;
constexpr int kMaxAspectDenominator = 2;

// The smallest short side the role accepts: a downscale never goes below it.
constexpr int minShortSide(ImageRole role)
{
    return role == ImageRole::FirstFrame ? kMinFirstFrameSide : kMinReferenceShortSide;
}
} // namespace ImageRules

// What a local image file is, found from its header without decoding its pixels.
struct ImageInspection final
{
    bool exists = false;
    bool readable = false;       // the header could be read as an image
    QString format;              // sniffed from the content: "jpeg", "png", "webp", "gif", "bmp", …; empty if unknown
    QSize storedSize;            // pixels as stored
    QSize size;                  // as shown, EXIF orientation applied
    bool needsTransform = false; // EXIF asks for a rotation or mirror that the pixels do not have yet
    qint64 fileBytes = 0;
    QStringList problems; // plain words a person can act on; empty when the service will take it

    bool isUsable() const { return problems.isEmpty(); }
    bool isSupportedFormat() const;
};

// Safe off the GUI thread, and quick: it reads the header and the last 64 KB. Only a file whose end looks cut
// off (and that is within the size limit) is scanned further; a file over the limit is never read past its header.
ImageInspection inspectImage(const QString &path, ImageRole role);

// Empty when the address can be given to the service, otherwise why not, in plain words.
QString urlProblem(const QUrl &url);

// A local image made ready for the request body.
struct EncodedImage final
{
    QString dataUri;  // "data:image/jpeg;base64,..."; empty on error
    QString error;    // for a person; empty on success
    QString mimeType; // "image/jpeg", "image/png" or "image/webp"
    QSize size;       // the pixel size sent, as shown
    qint64 bytes = 0; // the image bytes sent, before base64
    bool reencoded = false;

    bool ok() const { return error.isEmpty() && !dataUri.isEmpty(); }
};

// Sends the file's own bytes when the service can take them as they are (JPEG, PNG or WEBP, at most maxBytes,
// no EXIF rotation pending). Otherwise applies the EXIF orientation and re-encodes, scaling down (keeping the
// aspect, never below the role's minimum side, never up) until the image fits in maxBytes. maxBytes counts
// the image bytes before base64. Deterministic: the same file always gives the same text. Safe off the GUI
// thread.
EncodedImage encodeForUpload(const QString &path, ImageRole role, qint64 maxBytes = ImageRules::kMaxFileBytes);
