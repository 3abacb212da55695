#pragma once

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <QUrl>

class QImage;

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
// Paddock's own limit: a larger file (up to this) is re-encoded under kMaxFileBytes; beyond it, it is refused unread.
constexpr qint64 kMaxSourceFileBytes = 100LL * 1000 * 1000;
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
    bool cmyk = false;           // a JPEG stored as CMYK (or YCCK), which many decoders show wrongly
    qint64 fileBytes = 0;
    QStringList problems; // plain words a person can act on; empty when the service will take it
    // What Paddock will do to the file before sending it, in a few words ("GIF — the first frame will be sent as
    // PNG", "CMYK — converted to RGB", "Large PNG — will be made smaller than 20 MB"); empty when it is sent as it is
    // (or only turned upright). encodeForUpload's EncodedImage::note says what was actually done.
    QString conversion;

    bool isUsable() const { return problems.isEmpty(); }
    bool isSupportedFormat() const;
    bool needsConversion() const { return !conversion.isEmpty(); }
    // Whether the file's own bytes can go to the service within maxBytes: a usable JPEG, PNG or WEBP, upright, not
    // CMYK.
    bool canBeSentAsItIs(qint64 maxBytes) const
    {
        return isUsable() && isSupportedFormat() && !needsTransform && !cmyk && fileBytes <= maxBytes;
    }
};

// The image format named by a file's first bytes (at least 32 of them): "jpeg", "png", "webp", "gif", "bmp",
// "tiff", "avif", "heic", "jxl"; empty when none. The name and any MIME label are never trusted, only this.
QString sniffImageFormat(const QByteArray &head);

// True when some pixel is not fully opaque: an alpha channel alone does not make a picture transparent.
bool hasTransparentPixels(const QImage &image);

// The image written in format ("png", "jpeg", "webp") at quality (-1: the writer's default); empty on failure.
QByteArray encodeImageBytes(const QImage &image, const char *format, int quality = -1);

// "812 bytes", "352 KB", "2.1 MB", "2.1 GB", in the decimal units the service's "20 MB" is read in.
QString formatImageBytes(qint64 bytes);

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
    int jpegQuality = 0; // the quality a JPEG was written at; 0 when not re-encoded as JPEG
    // What was done, in a few words for the slot ("Large PNG — will be sent as JPEG, 2.1 MB", "GIF — the first frame
    // will be sent as PNG, 310 KB", "CMYK — converted to RGB, 1.2 MB"), with the colour profile converted to sRGB
    // and the pixel size when it was scaled down; empty when the file's own bytes are sent or it was only turned
    // upright.
    QString note;

    bool ok() const { return error.isEmpty() && !dataUri.isEmpty(); }
};

// Sends the file's own bytes when the service can take them as they are (JPEG, PNG or WEBP, at most maxBytes,
// no EXIF rotation pending, not CMYK). Otherwise decodes it (a GIF's first frame; TIFF, BMP and CMYK JPEG
// converted), applies the EXIF orientation, converts a colour profile to sRGB, and re-encodes it keeping as much
// quality as maxBytes allows: PNG where there is transparency (or a lossless source that fits), else JPEG at the
// highest of a few fixed qualities that fits at full size, else scaled down (keeping the aspect, never below the
// role's minimum side, never up) to the largest size that fits. maxBytes counts the image bytes before base64.
// A few encodes at most, deterministic: the same file always gives the same text. Safe off the GUI thread.
EncodedImage encodeForUpload(const QString &path, ImageRole role, qint64 maxBytes = ImageRules::kMaxFileBytes);

// How the local images of one request share textBytes of data URIs (base64 and prefix included): each gets an equal
// share, except that one whose need (the bytes of its file when it is sent as it is; -1 when it will be re-encoded
// and can use any amount) fits in an equal share of what is left takes just that, leaving the rest to the others.
// Returns the image bytes (before base64) each may use, at most the service's 20 MB, in the order of needs.
QList<qint64> shareImageBudget(const QList<qint64> &needs, qint64 textBytes);
