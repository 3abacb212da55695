#pragma once

#include "media/PosterFrame.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSize>
#include <QString>

// Poster thumbnails of clips by file path: each grabbed once in the background, a few at a time, and kept in
// memory, so that views may ask for them as often as they paint.
class PosterCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PosterCache)

public:
    explicit PosterCache(QSize thumbnailSize = QSize(320, 320), QObject *parent = nullptr);
    ~PosterCache() override;

    // The thumbnail, or a null image while it is being made (the first call starts it) or when it failed.
    QImage image(const QString &path);
    // The thumbnail if it is in memory already; never starts making one.
    QImage cached(const QString &path) const;
    bool isPending(const QString &path) const;
    // Why the clip at path has no thumbnail; empty when it has one or is still pending.
    QString failure(const QString &path) const { return m_failed.value(path); }
    // Drops what is known about path (the file was replaced): the next image() grabs it again.
    void forget(const QString &path);

    // Keeps each thumbnail as a small JPEG in directory too, and reads it from there in later sessions instead of
    // decoding the clip again (the library keeps its posters this way). Empty: memory only.
    void setDiskDirectory(const QString &directory);
    // Where the thumbnail of the clip at path is (or would be) kept on disk; empty without a disk directory.
    QString diskPath(const QString &path) const;

    // Only regular files inside directory are opened (never a pipe, device or link out); others fail at once.
    // Empty: any path.
    void setAllowedDirectory(const QString &directory) { m_allowedDirectory = directory; }

    void setMaxConcurrent(int count) { m_maxConcurrent = qMax(1, count); }
    void setMethod(PosterFrame::Method method) { m_method = method; }
    // Keeps scrub strips instead of posters: see PosterFrame::setStripFrames(). Each frame fits thumbnailSize().
    void setStripFrames(int frames) { m_stripFrames = qMax(1, frames); }
    int stripFrames() const { return m_stripFrames; }
    QSize thumbnailSize() const { return m_size; }

Q_SIGNALS:
    // image(path) has its answer now: a thumbnail, or a failure.
    void imageReady(const QString &path);

private:
    void startNext();
    void startGrab(const QString &path);
    void store(const QString &path, const QImage &image, const QString &error, bool fromDisk);

    QSize m_size;
    int m_maxConcurrent = 2;
    int m_stripFrames = 1;
    PosterFrame::Method m_method = PosterFrame::Method::Auto;
    QCache<QString, QImage> m_images; // cost in KiB, so memory stays bounded with thousands of clips
    QHash<QString, QString> m_failed; // never retried by itself: a broken file stays broken
    QList<QString> m_waiting;
    QHash<QString, QObject *> m_running; // a PosterFrame, or a watcher reading a kept JPEG
    QString m_diskDirectory;
    QString m_allowedDirectory;
};
