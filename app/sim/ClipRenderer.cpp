#include "ClipRenderer.h"

#include <QBuffer>
#include <QColor>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtEndian>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>

using namespace Qt::StringLiterals;

namespace {

constexpr int kFps = 24;
constexpr int kMaxTiles = 9;
constexpr qsizetype kErrorTailBytes = 8 * 1024;
// The path goes into the filter graph unescaped, so it must stay free of ' \ : , ; [ ] characters.
constexpr auto kFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
// Bumped whenever the look changes, so that clips rendered by an older version are not reused.
constexpr auto kLookVersion = "paddock-clip-v1";
constexpr auto kWorkDirPrefix = ".render-";
constexpr auto kOutputName = "partial.mp4";

QString num(double value)
{
    return QString::number(value, 'f', 4);
}

QString num(qint64 value)
{
    return QString::number(value);
}

// splitmix64: a tiny, well-mixed generator, so that neighbouring seeds still look unrelated.
quint64 mix(quint64 &state)
{
    quint64 z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double unit(quint64 &state)
{
    return double(mix(state) >> 11) / double(1ULL << 53);
}

// Everything that the seed decides: colours and motion of the background, and the sound.
struct Look
{
    QString colours[3];
    quint32 gradientSeed = 0;
    double gradientSpeed = 0.01;
    double toneHz = 220;
    double tremoloHz = 0.5;
    quint32 noiseSeed = 0;
};

Look lookFor(qint64 seed)
{
    quint64 state = quint64(seed);
    Look look;
    const double hue = unit(state);
    for (int i = 0; i < 3; ++i) {
        // Hues spread around the wheel; medium value keeps white text readable on every colour.
        const double h = std::fmod(hue + i * (0.25 + 0.15 * unit(state)), 1.0);
        const QColor colour =
            QColor::fromHsvF(float(h), float(0.55 + 0.3 * unit(state)), float(0.5 + 0.25 * unit(state)));
        look.colours[i] = u"0x"_s + QString::number(colour.rgb() & 0xffffff, 16).rightJustified(6, u'0');
    }
    look.gradientSeed = quint32(mix(state));
    look.gradientSpeed = 0.008 + 0.02 * unit(state);
    // A note of the A minor pentatonic scale over two octaves, so that every tone sounds pleasant.
    static constexpr int semitones[] = {0, 3, 5, 7, 10, 12, 15, 17, 19, 22};
    look.toneHz = 110.0 * std::pow(2.0, semitones[mix(state) % std::size(semitones)] / 12.0);
    look.tremoloHz = 0.2 + 0.6 * unit(state);
    look.noiseSeed = quint32(mix(state));
    return look;
}

// Sizes in pixels derived from the frame's short side, so portrait and landscape frames look alike.
struct Metrics
{
    int width = 0;
    int height = 0;
    int margin = 0;
    int modeFont = 0;
    int seedFont = 0;
    int promptFont = 0;
    int labelFont = 0;

    explicit Metrics(int w, int h) : width(w), height(h)
    {
        const int shortSide = std::min(w, h);
        margin = std::max(8, shortSide / 24);
        modeFont = std::max(10, shortSide / 20);
        seedFont = std::max(8, shortSide / 26);
        promptFont = std::max(9, shortSide / 26);
        labelFont = std::max(8, shortSide / 40);
    }
    static int border(int font) { return std::max(2, font / 3); }
    // DejaVu Sans is about 1.17 em from ascender to descender.
    static int lineHeight(int font) { return font * 117 / 100 + font / 4; }
};

bool isHighSurrogateAt(const QString &text, qsizetype index)
{
    return index > 0 && index <= text.size() && text.at(index - 1).isHighSurrogate();
}

// Word-wraps text to lines of at most perLine characters; beyond maxLines it is cut and ends with "…".
QStringList wrapText(const QString &text, int perLine, int maxLines)
{
    perLine = std::max(4, perLine);
    // Only the start can be shown, so a 100,000-character prompt is not processed whole.
    QString clean = text.left(qsizetype(perLine) * (maxLines + 1) + 64);
    const bool clipped = clean.size() < text.size();
    for (QChar &c : clean) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
            c.category() == QChar::Separator_Paragraph)
            c = u' ';
    }
    clean = clean.simplified();

    QStringList lines;
    QString line;
    const auto flush = [&] {
        lines << line;
        line.clear();
    };
    for (QString word : clean.split(u' ', Qt::SkipEmptyParts)) {
        while (word.size() > perLine) {
            if (!line.isEmpty())
                flush();
            qsizetype cut = perLine;
            if (isHighSurrogateAt(word, cut))
                --cut;
            lines << word.left(cut);
            word = word.mid(cut);
        }
        if (line.isEmpty())
            line = word;
        else if (line.size() + 1 + word.size() <= perLine)
            line += u' ' + word;
        else {
            flush();
            line = word;
        }
    }
    if (!line.isEmpty())
        flush();

    if (lines.size() > maxLines || (clipped && !lines.isEmpty())) {
        lines = lines.mid(0, maxLines);
        QString &last = lines.last();
        qsizetype keep = std::min(last.size(), qsizetype(perLine - 1));
        if (isHighSurrogateAt(last, keep))
            --keep;
        last = last.left(keep).trimmed() + u'…';
    }
    return lines;
}

struct Tile
{
    int x = 0;
    int y = 0;
    int size = 0;
};

// Lays count square tiles out in the given area, picking the column count that makes them largest.
QList<Tile> gridLayout(int count, int left, int top, int areaWidth, int areaHeight, int gap)
{
    int bestColumns = 1;
    int bestSize = 0;
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const int size = std::min((areaWidth - gap * (columns - 1)) / columns, (areaHeight - gap * (rows - 1)) / rows);
        if (size > bestSize) {
            bestSize = size;
            bestColumns = columns;
        }
    }
    const int size = std::max(2, bestSize & ~1);
    const int rows = (count + bestColumns - 1) / bestColumns;
    const int gridHeight = rows * size + (rows - 1) * gap;
    QList<Tile> tiles;
    for (int i = 0; i < count; ++i) {
        const int row = i / bestColumns;
        // The last row may be shorter; centre each row on its own.
        const int inRow = std::min(bestColumns, count - row * bestColumns);
        const int rowWidth = inRow * size + (inRow - 1) * gap;
        const int x = left + (areaWidth - rowWidth) / 2 + (i % bestColumns) * (size + gap);
        const int y = top + (areaHeight - gridHeight) / 2 + row * (size + gap);
        tiles << Tile{x & ~1, y & ~1, size};
    }
    return tiles;
}

// One image of the spec, as prepared for ffmpeg: a file in the work directory, or a placeholder tile.
struct Picture
{
    QString file;      // relative to the work directory; empty for a placeholder
    QString label;     // "Image 2", "Image 2 (URL)"
    QString transform; // filters that undo the EXIF orientation, with a trailing comma, or empty
    int input = -1;    // ffmpeg input index
};

QString extensionFor(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return u"png"_s;
    if (bytes.startsWith("\xff\xd8\xff"))
        return u"jpg"_s;
    if (bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP")
        return u"webp"_s;
    return {};
}

// ffmpeg does not apply EXIF orientation to still images; Qt reads it from the header without decoding.
QString orientationFilters(const QByteArray &bytes, bool *unreadable)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    // Only formats Qt knows are checked (WEBP needs a plugin that may be missing; ffmpeg decodes it anyway).
    *unreadable = !reader.format().isEmpty() && !reader.size().isValid();
    const QImageIOHandler::Transformations t = reader.transformation();
    QString filters;
    if (t & QImageIOHandler::TransformationMirror)
        filters += u"hflip,"_s;
    if (t & QImageIOHandler::TransformationFlip)
        filters += u"vflip,"_s;
    if (t & QImageIOHandler::TransformationRotate90)
        filters += u"transpose=clock,"_s;
    return filters;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.flush();
}

// What one run needs: the files written into its work directory and the ffmpeg command line.
class Job final
{
public:
    Job(const RenderSpec &spec, const QString &workDir) : m_spec(spec), m_dir(workDir), m_m(spec.width, spec.height)
    {
        m_text = QFileInfo::exists(QString::fromLatin1(kFontFile));
    }

    // Writes the inputs; returns an error message, or an empty string on success.
    QString prepare()
    {
        const bool references =
            m_spec.modeLabel.contains(u"reference"_s, Qt::CaseInsensitive) || m_spec.images.size() > 1;
        const auto count = std::min<qsizetype>(m_spec.images.size(), kMaxTiles);
        int inputs = 0;
        for (qsizetype i = 0; i < count; ++i) {
            const QByteArray &bytes = m_spec.images.at(i);
            Picture picture;
            picture.label = u"Image %1"_s.arg(i + 1);
            bool unreadable = false;
            const QString extension = extensionFor(bytes);
            if (!bytes.isEmpty()) {
                const QString filters = orientationFilters(bytes, &unreadable);
                if (m_spec.honourExif)
                    picture.transform = filters;
            }
            if (bytes.isEmpty()) {
                picture.label += u" (URL)"_s;
            } else if (extension.isEmpty() || unreadable) {
                picture.label += u" (unreadable)"_s;
            } else {
                picture.file = u"image%1.%2"_s.arg(i + 1).arg(extension);
                picture.input = inputs++;
                if (!writeFile(m_dir.filePath(picture.file), bytes))
                    return u"Could not write a temporary image file in %1."_s.arg(m_dir.path());
            }
            m_pictures << picture;
        }
        m_startImage = !references && m_pictures.size() == 1 && m_pictures.first().input >= 0;

        if (!m_text)
            return {};
        const int textWidth = m_m.width - 2 * m_m.margin - 2 * Metrics::border(m_m.promptFont);
        // DejaVu Sans averages about 0.55 em per character in ordinary text.
        const int perLine = int(textWidth / (0.55 * m_m.promptFont));
        const int maxLines = std::clamp(int(m_m.height * 0.22 / Metrics::lineHeight(m_m.promptFont)), 2, 6);
        m_promptLines = wrapText(m_spec.prompt, perLine, maxLines);
        const QStringList mode = wrapText(m_spec.modeLabel, int(textWidth / (0.6 * m_m.modeFont)), 1);
        const bool ok = writeFile(m_dir.filePath(u"prompt.txt"_s), m_promptLines.join(u'\n').toUtf8()) &&
                        writeFile(m_dir.filePath(u"mode.txt"_s), mode.join(QString()).toUtf8()) &&
                        writeFile(m_dir.filePath(u"seed.txt"_s), u"seed %1"_s.arg(m_spec.seed).toUtf8());
        m_hasMode = !mode.isEmpty();
        for (qsizetype i = 0; ok && i < m_pictures.size(); ++i) {
            if (!writeFile(m_dir.filePath(u"label%1.txt"_s.arg(i + 1)), m_pictures.at(i).label.toUtf8()))
                return u"Could not write a temporary text file in %1."_s.arg(m_dir.path());
        }
        return ok ? QString() : u"Could not write a temporary text file in %1."_s.arg(m_dir.path());
    }

    QStringList arguments() const
    {
        QStringList args{u"-hide_banner"_s, u"-nostdin"_s, u"-nostats"_s, u"-v"_s, u"error"_s, u"-y"_s};
        for (const Picture &picture : m_pictures) {
            if (picture.input >= 0)
                args << u"-i"_s << picture.file;
        }
        const QString seconds = QString::number(m_spec.durationSeconds);
        args << u"-filter_complex"_s << filterGraph() << u"-map"_s << u"[v]"_s << u"-map"_s << u"[a]"_s;
        // -t on the output cuts both streams at exactly the requested length.
        args << u"-t"_s << seconds << u"-r"_s << QString::number(kFps);
        args << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"veryfast"_s << u"-crf"_s << u"26"_s;
        args << u"-pix_fmt"_s << u"yuv420p"_s << u"-g"_s << QString::number(2 * kFps);
        args << u"-c:a"_s << u"aac"_s << u"-b:a"_s << u"128k"_s << u"-ar"_s << u"48000"_s;
        args << u"-map_metadata"_s << u"-1"_s << u"-movflags"_s << u"+faststart"_s;
        args << u"-f"_s << u"mp4"_s << QString::fromLatin1(kOutputName);
        return args;
    }

private:
    QString filterGraph() const
    {
        const int w = m_spec.width;
        const int h = m_spec.height;
        const int frames = m_spec.durationSeconds * kFps;
        const QString size = u"%1x%2"_s.arg(w).arg(h);
        const Look look = lookFor(m_spec.seed);
        QStringList graph;

        if (m_startImage) {
            // The first frame is the image itself, filling the frame; then a slow push in.
            const Picture &picture = m_pictures.first();
            graph << u"[%1:v]%2scale=%3:%4:force_original_aspect_ratio=increase,crop=%3:%4,format=yuv420p,setsar=1,"
                     u"zoompan=z='1+0.08*on/%5':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=%5:s=%6:fps=%7[bg0]"_s
                         .arg(picture.input)
                         .arg(picture.transform)
                         .arg(w)
                         .arg(h)
                         .arg(frames)
                         .arg(size)
                         .arg(kFps);
        } else {
            // Gradients are smooth, so drawing them at a quarter size and scaling up looks the same and is cheap.
            const int gw = std::max(16, (w / 4) & ~1);
            const int gh = std::max(16, (h / 4) & ~1);
            graph << u"gradients=s=%1x%2:r=%3:d=%4:c0=%5:c1=%6:c2=%7:nb_colors=3:seed=%8:speed=%9,"_s.arg(gw)
                             .arg(gh)
                             .arg(kFps)
                             .arg(m_spec.durationSeconds)
                             .arg(look.colours[0], look.colours[1], look.colours[2])
                             .arg(look.gradientSeed)
                             .arg(num(look.gradientSpeed)) +
                         u"format=yuv420p,scale=%1:%2:flags=bilinear,setsar=1[bg0]"_s.arg(w).arg(h);
        }

        QStringList overlay; // filters drawn on top, in order
        QString last = u"bg0"_s;
        if (!m_startImage && !m_pictures.isEmpty()) {
            const int top = m_m.margin * 3 + Metrics::lineHeight(m_m.modeFont) + Metrics::lineHeight(m_m.seedFont);
            const int promptBlock = m_promptLines.isEmpty()
                                        ? 0
                                        : int(m_promptLines.size()) * Metrics::lineHeight(m_m.promptFont) +
                                              2 * Metrics::border(m_m.promptFont) + m_m.margin;
            const int bottom = h - m_m.margin - promptBlock;
            const QList<Tile> tiles = gridLayout(int(m_pictures.size()), m_m.margin, top, w - 2 * m_m.margin,
                                                 std::max(16, bottom - top), m_m.margin / 2);
            for (qsizetype i = 0; i < m_pictures.size(); ++i) {
                const Picture &picture = m_pictures.at(i);
                const Tile &tile = tiles.at(i);
                if (picture.input >= 0) {
                    // A single decoded frame; overlay repeats it for the whole clip (eof_action=repeat).
                    const QString next = u"bg%1"_s.arg(i + 1);
                    graph << u"[%1:v]%2scale=%3:%3:force_original_aspect_ratio=increase,crop=%3:%3,format=yuv420p,"
                             u"setsar=1[tile%4]"_s.arg(picture.input)
                                 .arg(picture.transform)
                                 .arg(tile.size)
                                 .arg(i + 1);
                    graph << u"[%1][tile%2]overlay=x=%3:y=%4:eof_action=repeat:format=yuv420[%5]"_s.arg(last)
                                 .arg(i + 1)
                                 .arg(tile.x)
                                 .arg(tile.y)
                                 .arg(next);
                    last = next;
                } else {
                    overlay << u"drawbox=x=%1:y=%2:w=%3:h=%3:color=0x202020@0.7:t=fill"_s.arg(tile.x).arg(tile.y).arg(
                        tile.size);
                    overlay << u"drawbox=x=%1:y=%2:w=%3:h=%3:color=white@0.6:t=%4"_s.arg(tile.x)
                                   .arg(tile.y)
                                   .arg(tile.size)
                                   .arg(std::max(2, tile.size / 60));
                }
                if (m_text) {
                    const int pad = Metrics::border(m_m.labelFont) + 2;
                    const QString x =
                        picture.input >= 0 ? u"%1"_s.arg(tile.x + pad) : u"%1+(%2-tw)/2"_s.arg(tile.x).arg(tile.size);
                    const QString y = picture.input >= 0 ? u"%1-th"_s.arg(tile.y + tile.size - pad)
                                                         : u"%1+(%2-th)/2"_s.arg(tile.y).arg(tile.size);
                    overlay << drawText(u"label%1.txt"_s.arg(i + 1), m_m.labelFont, x, y);
                }
            }
        }
        if (m_text) {
            const int modeBorder = Metrics::border(m_m.modeFont);
            const int seedBorder = Metrics::border(m_m.seedFont);
            const int x = m_m.margin + modeBorder;
            if (m_hasMode)
                overlay << drawText(u"mode.txt"_s, m_m.modeFont, num(qint64(x)), num(qint64(m_m.margin + modeBorder)));
            const int seedY =
                m_m.margin + Metrics::lineHeight(m_m.modeFont) + 2 * modeBorder + m_m.margin / 2 + seedBorder;
            overlay << drawText(u"seed.txt"_s, m_m.seedFont, num(qint64(m_m.margin + seedBorder)), num(qint64(seedY)));
            if (!m_promptLines.isEmpty()) {
                const int border = Metrics::border(m_m.promptFont);
                overlay << drawText(u"prompt.txt"_s, m_m.promptFont, num(qint64(m_m.margin + border)),
                                    u"h-th-%1"_s.arg(m_m.margin + border));
            }
        }
        if (overlay.isEmpty())
            overlay << u"null"_s;
        graph << u"[%1]%2[v]"_s.arg(last, overlay.join(u','));

        // A soft chord over quiet pink noise, slowly pulsing; pitch and pulse follow the seed.
        const QString d = QString::number(m_spec.durationSeconds);
        graph << u"sine=frequency=%1:sample_rate=48000:duration=%2[a1]"_s.arg(num(look.toneHz), d);
        graph << u"sine=frequency=%1:sample_rate=48000:duration=%2,volume=0.5[a2]"_s.arg(num(look.toneHz * 1.5), d);
        graph << u"anoisesrc=color=pink:amplitude=0.04:seed=%1:sample_rate=48000:duration=%2[a3]"_s.arg(look.noiseSeed)
                     .arg(d);
        const double fadeOut = std::min(0.5, m_spec.durationSeconds / 4.0);
        graph << u"[a1][a2][a3]amix=inputs=3:normalize=0,volume=2,tremolo=f=%1:d=0.35,afade=t=in:d=%2,"
                 u"afade=t=out:st=%3:d=%2,aformat=channel_layouts=stereo[a]"_s.arg(
                     num(look.tremoloHz), num(fadeOut), num(m_spec.durationSeconds - fadeOut));
        return graph.join(u';');
    }

    // Text comes from a file with expansion off, so quotes, colons, % and backslashes in prompts are inert.
    static QString drawText(const QString &file, int fontSize, const QString &x, const QString &y)
    {
        return u"drawtext=fontfile=%1:textfile=%2:expansion=none:fontsize=%3:fontcolor=white:line_spacing=%4:"
               u"box=1:boxcolor=black@0.45:boxborderw=%5:x=%6:y=%7"_s.arg(QString::fromLatin1(kFontFile), file)
                   .arg(fontSize)
                   .arg(fontSize / 4)
                   .arg(Metrics::border(fontSize))
                   .arg(x, y);
    }

    const RenderSpec &m_spec;
    QDir m_dir;
    Metrics m_m;
    bool m_text = false;
    bool m_hasMode = false;
    bool m_startImage = false;
    QList<Picture> m_pictures;
    QStringList m_promptLines;
};

// ffmpeg's last few error lines, without the "[Parsed_drawtext_3 @ 0x55d1c0]" prefixes.
QString lastLines(const QByteArray &stderrBytes, int count)
{
    static const QRegularExpression prefix(u"^\\[[^\\]]* @ 0x[0-9a-fA-F]+\\]\\s*"_s);
    QStringList lines;
    for (const QString &raw : QString::fromUtf8(stderrBytes).split(u'\n')) {
        QString line = raw.trimmed();
        line.remove(prefix);
        if (!line.isEmpty())
            lines << line;
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - count)).join(u" / "_s);
}

QString validationError(const RenderSpec &spec)
{
    const auto even = [](int v) { return v >= 16 && v <= 4096 && v % 2 == 0; };
    if (!even(spec.width) || !even(spec.height))
        return u"Cannot render a %1x%2 clip: width and height must be even numbers from 16 to 4096."_s.arg(spec.width)
            .arg(spec.height);
    if (spec.durationSeconds < 1 || spec.durationSeconds > 600)
        return u"Cannot render a clip of %1 seconds: the length must be 1 to 600 seconds."_s.arg(spec.durationSeconds);
    return {};
}

} // namespace

QString RenderSpec::cacheKey() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Every field is length-prefixed, so that moving bytes from one field to the next changes the key.
    const auto field = [&hash](const QByteArray &bytes) {
        const quint64 length = qToLittleEndian(quint64(bytes.size()));
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(&length), sizeof length));
        hash.addData(bytes);
    };
    const auto number = [&field](qint64 value) { field(QByteArray::number(value)); };
    field(kLookVersion);
    field(modeLabel.toUtf8());
    field(prompt.toUtf8());
    number(seed);
    number(width);
    number(height);
    number(durationSeconds);
    number(images.size());
    for (const QByteArray &image : images)
        field(image);
    if (honourExif) // only then, so that the keys of clips already cached stay as they were
        field(QByteArrayLiteral("honour-exif"));
    return QString::fromLatin1(hash.result().toHex());
}

struct ClipRenderer::Run
{
    QString key;
    RenderSpec spec;
    QList<quint64> tickets;
    std::unique_ptr<QTemporaryDir> workDir; // inputs and the half-written clip; removed with the run
    QProcess *process = nullptr;            // child of the renderer while ffmpeg runs
    QByteArray errorTail;
    QString stopReason; // set when the watchdog had to stop ffmpeg
};

ClipRenderer::ClipRenderer(const QString &cacheDirectory, QObject *parent)
    : QObject(parent), m_cacheDirectory(QDir(cacheDirectory).absolutePath())
{
    QDir().mkpath(m_cacheDirectory);
    // Work directories left behind by a crash; young ones may belong to another renderer sharing the cache.
    const QDir dir(m_cacheDirectory);
    const QDateTime stale = QDateTime::currentDateTimeUtc().addSecs(-3600);
    const QFileInfoList leftovers = dir.entryInfoList({QString::fromLatin1(kWorkDirPrefix) + u'*'},
                                                      QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &info : leftovers) {
        if (info.lastModified().toUTC() < stale)
            QDir(info.absoluteFilePath()).removeRecursively();
    }
}

ClipRenderer::~ClipRenderer()
{
    // ffmpeg must be gone before its work directory is removed.
    for (auto &[key, run] : m_runs) {
        if (QProcess *process = run->process) {
            process->disconnect(this);
            process->kill();
            process->waitForFinished(3000);
            delete process;
            run->process = nullptr;
        }
    }
}

void ClipRenderer::setFfmpegProgram(const QString &program)
{
    m_ffmpeg = program;
}

void ClipRenderer::setMaxConcurrentRenders(int count)
{
    m_maxConcurrent = std::max(1, count);
    scheduleStart();
}

QString ClipRenderer::clipPath(const QString &key) const
{
    return m_cacheDirectory + u'/' + key + u".mp4"_s;
}

QString ClipRenderer::cachedClip(const RenderSpec &spec) const
{
    const QString path = clipPath(spec.cacheKey());
    const QFileInfo info(path);
    return info.isFile() && info.size() > 0 ? path : QString();
}

quint64 ClipRenderer::render(const RenderSpec &spec)
{
    const quint64 ticket = m_nextTicket++;
    const QString key = spec.cacheKey();
    if (const QString cached = clipPath(key); QFileInfo(cached).isFile() && QFileInfo(cached).size() > 0) {
        QMetaObject::invokeMethod(
            this, [this, ticket, cached] { Q_EMIT finished(ticket, cached); }, Qt::QueuedConnection);
        return ticket;
    }
    if (const QString error = validationError(spec); !error.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, ticket, error] { Q_EMIT failed(ticket, error); }, Qt::QueuedConnection);
        return ticket;
    }
    auto &run = m_runs[key];
    if (!run) {
        run = std::make_unique<Run>();
        run->key = key;
        run->spec = spec;
        m_waiting.enqueue(key);
    }
    run->tickets << ticket;
    // Started from the event loop, so that no signal can arrive before the caller has its ticket.
    scheduleStart();
    return ticket;
}

void ClipRenderer::scheduleStart()
{
    if (m_startScheduled)
        return;
    m_startScheduled = true;
    QMetaObject::invokeMethod(this, &ClipRenderer::startWaiting, Qt::QueuedConnection);
}

void ClipRenderer::startWaiting()
{
    m_startScheduled = false;
    while (m_running < m_maxConcurrent && !m_waiting.isEmpty()) {
        const auto it = m_runs.find(m_waiting.dequeue());
        if (it != m_runs.end() && !it->second->process)
            launch(*it->second);
    }
}

void ClipRenderer::launch(Run &run)
{
    const QString key = run.key; // a copy: run may be gone once conclude() has been called
    ++m_running;
    if (!QDir().mkpath(m_cacheDirectory))
        return conclude(key, u"Cannot create the clip cache folder %1."_s.arg(m_cacheDirectory));
    run.workDir =
        std::make_unique<QTemporaryDir>(m_cacheDirectory + u'/' + QString::fromLatin1(kWorkDirPrefix) + u"XXXXXX"_s);
    if (!run.workDir->isValid())
        return conclude(
            key, u"Cannot create a temporary folder in %1: %2"_s.arg(m_cacheDirectory, run.workDir->errorString()));
    Job job(run.spec, run.workDir->path());
    if (const QString error = job.prepare(); !error.isEmpty())
        return conclude(key, error);

    auto *process = new QProcess(this);
    run.process = process;
    process->setWorkingDirectory(run.workDir->path()); // all file names in the command line are relative
    process->setStandardOutputFile(QProcess::nullDevice());
    connect(process, &QProcess::readyReadStandardError, this, [this, key, process] {
        const auto it = m_runs.find(key);
        if (it == m_runs.end() || it->second->process != process)
            return;
        QByteArray &tail = it->second->errorTail;
        tail += process->readAllStandardError();
        if (tail.size() > kErrorTailBytes)
            tail = tail.right(kErrorTailBytes);
    });
    connect(process, &QProcess::errorOccurred, this, [this, key, process](QProcess::ProcessError error) {
        // Other errors are followed by finished(); a program that never started is not.
        const auto it = m_runs.find(key);
        if (error == QProcess::FailedToStart && it != m_runs.end() && it->second->process == process) {
            conclude(key, u"Could not start ffmpeg (\"%1\"): %2. Install ffmpeg (Debian: apt install ffmpeg) or "
                          u"set the path to the ffmpeg program."_s.arg(m_ffmpeg, process->errorString()));
        }
    });
    connect(process, &QProcess::finished, this, [this, key, process](int exitCode, QProcess::ExitStatus status) {
        const auto it = m_runs.find(key);
        if (it == m_runs.end() || it->second->process != process)
            return;
        Run &done = *it->second;
        done.errorTail += process->readAllStandardError();
        const QString details = lastLines(done.errorTail, 3);
        if (!done.stopReason.isEmpty())
            conclude(key, done.stopReason);
        else if (status == QProcess::CrashExit)
            conclude(key, u"ffmpeg crashed while rendering the clip. %1"_s.arg(details).trimmed());
        else if (exitCode != 0)
            conclude(key, u"ffmpeg could not render the clip (exit code %1): %2"_s.arg(exitCode).arg(
                              details.isEmpty() ? u"no error message"_s : details));
        else
            conclude(key, {});
    });
    // A stuck ffmpeg would hold a slot forever; the limit is far above any normal render time.
    auto *watchdog = new QTimer(process);
    watchdog->setSingleShot(true);
    connect(watchdog, &QTimer::timeout, this, [this, key, process] {
        const auto it = m_runs.find(key);
        if (it == m_runs.end() || it->second->process != process)
            return;
        it->second->stopReason = u"ffmpeg took too long to render the clip and was stopped."_s;
        process->kill();
    });
    watchdog->start(std::chrono::seconds(120 + 20 * run.spec.durationSeconds));

    const QStringList arguments = job.arguments();
    // run may be gone after start(): a failed start can be reported before it returns.
    process->start(m_ffmpeg, arguments);
}

void ClipRenderer::conclude(const QString &key, const QString &error)
{
    const auto it = m_runs.find(key);
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(it->second);
    m_runs.erase(it);
    --m_running;
    if (run->process) {
        run->process->disconnect(this);
        run->process->deleteLater();
        run->process = nullptr;
    }

    QString message = error;
    const QString path = clipPath(key);
    if (message.isEmpty()) {
        const QString output = QDir(run->workDir->path()).filePath(QString::fromLatin1(kOutputName));
        // Another renderer sharing the cache may have finished the same clip first; that one is as good.
        if (QFileInfo(output).size() <= 0)
            message = u"ffmpeg finished but wrote no clip."_s;
        else if (!QFileInfo::exists(path) && !QFile::rename(output, path))
            message = u"Cannot move the rendered clip into the cache folder %1."_s.arg(m_cacheDirectory);
    }
    run->workDir.reset();

    for (const quint64 ticket : std::as_const(run->tickets)) {
        if (message.isEmpty())
            Q_EMIT finished(ticket, path);
        else
            Q_EMIT failed(ticket, message);
    }
    scheduleStart();
}

bool ClipRenderer::ffmpegAvailable(const QString &program, QString *message)
{
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    process.start(program, {u"-version"_s});
    QString problem;
    if (!process.waitForStarted(5000))
        problem = u"Could not start ffmpeg (\"%1\"): %2. Install ffmpeg (Debian: apt install ffmpeg) or set the "
                  u"path to the ffmpeg program."_s.arg(program, process.errorString());
    else if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(1000);
        problem = u"\"%1 -version\" did not finish within 10 seconds."_s.arg(program);
    } else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        problem = u"\"%1 -version\" failed (exit code %2); is it really ffmpeg?"_s.arg(program).arg(process.exitCode());
    if (message)
        *message = problem;
    return problem.isEmpty();
}
