#pragma once

#include "api/GenerationRequest.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class Library;
struct LibraryEntry;

// One take of a compare view: a clip, and when it comes from the library, how it was made and what the director
// gave it.
struct CompareTake
{
    qint64 id = 0;          // the library's id; 0 for a file from elsewhere (it cannot be rated)
    QString clipPath;
    QString title;          // the prompt, or the file's name
    std::optional<GenerationRequest> recipe;
    int rating = 0;
    bool favourite = false;
    QStringList tags;
};

// Turns what the user picked (library ids, or MP4 files given on the command line) into takes to compare.
namespace CompareSource {

constexpr int kMaxTakes = 9;

// A library entry with its clip on disk, inside the library's folder. Nullopt otherwise.
std::optional<CompareTake> fromEntry(const Library &library, const LibraryEntry &entry);
// The generations with these ids, in this order; error names the first one that cannot be compared.
std::optional<QList<CompareTake>> fromIds(const Library &library, const QList<qint64> &ids, QString *error);
// Command-line arguments: each a path to an MP4 file, or a library id ("12" or "#12"). Two to nine of them.
std::optional<QList<CompareTake>> fromArguments(const Library *library, const QStringList &arguments, QString *error);

} // namespace CompareSource
