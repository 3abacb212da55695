#include "FfprobeInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace {

// ffprobe writes numbers as strings ("5.000000"); a missing or "N/A" value reads as 0.
double number(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    bool ok = false;
    const double parsed = value.toString().toDouble(&ok);
    return ok ? parsed : 0.0;
}

// "24/1" or "24000/1001"; "0/0" reads as 0.
double rate(const QString &text)
{
    const QStringList parts = text.split(u'/');
    if (parts.size() != 2)
        return text.toDouble();
    const double denominator = parts.at(1).toDouble();
    return denominator > 0 ? parts.at(0).toDouble() / denominator : 0.0;
}

} // namespace

FfprobeInfo FfprobeInfo::probe(const QString &path)
{
    FfprobeInfo info;
    QProcess process;
    process.start(u"ffprobe"_s,
                  {u"-v"_s, u"error"_s, u"-show_format"_s, u"-show_streams"_s, u"-of"_s, u"json"_s, path});
    if (!process.waitForStarted(10000)) {
        info.error = u"Could not start ffprobe: %1"_s.arg(process.errorString());
        return info;
    }
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(1000);
        info.error = u"ffprobe did not finish within 60 seconds"_s;
        return info;
    }
    const QByteArray output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        info.error = u"ffprobe failed (exit code %1): %2"_s.arg(process.exitCode())
                         .arg(QString::fromUtf8(process.readAllStandardError()).trimmed());
        return info;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (!document.isObject()) {
        info.error = u"ffprobe wrote no JSON object: %1"_s.arg(parseError.errorString());
        return info;
    }
    const QJsonObject root = document.object();
    info.formatDuration = number(root.value(u"format"_s).toObject().value(u"duration"_s));
    const QJsonObject tags = root.value(u"format"_s).toObject().value(u"tags"_s).toObject();
    for (auto tag = tags.begin(); tag != tags.end(); ++tag)
        info.formatTags.insert(tag.key(), tag.value().toString());
    for (const QJsonValue &value : root.value(u"streams"_s).toArray()) {
        const QJsonObject stream = value.toObject();
        const QString type = stream.value(u"codec_type"_s).toString();
        if (type == u"video"_s && !info.hasVideo) {
            info.hasVideo = true;
            info.videoCodec = stream.value(u"codec_name"_s).toString();
            info.width = stream.value(u"width"_s).toInt();
            info.height = stream.value(u"height"_s).toInt();
            info.videoDuration = number(stream.value(u"duration"_s));
            info.frameRate = rate(stream.value(u"avg_frame_rate"_s).toString());
            if (info.frameRate <= 0)
                info.frameRate = rate(stream.value(u"r_frame_rate"_s).toString());
        } else if (type == u"audio"_s && !info.hasAudio) {
            info.hasAudio = true;
            info.audioCodec = stream.value(u"codec_name"_s).toString();
            info.audioDuration = number(stream.value(u"duration"_s));
        }
    }
    info.ok = true;
    return info;
}
