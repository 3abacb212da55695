#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

class Library;

// Brings a clip made by Paddock elsewhere (a colleague's export, a chat download) into the library as a take, with
// the recipe it carries, so that it can be reviewed, rated, compared and made again like the library's own.
namespace ClipImport {

// The service an imported take is recorded under: it was made and paid for elsewhere, so it never counts as spent
// here and is never followed up with a service.
inline constexpr char kService[] = "imported";

struct Result
{
    qint64 id = 0;             // the new take's id; 0 when nothing was imported (error says why)
    QString error;             // plain words, with what to do
    QStringList missingImages; // images the recipe names that this computer does not have (the take still comes in)
};

// Imports the MP4 at path: it must be a whole MP4 with a picture and a Paddock recipe. The clip is copied into the
// library (the original is left where it is). Reads the whole file: call it off the GUI thread for large clips.
Result importClip(Library &library, const QString &path);

} // namespace ClipImport
