#pragma once

#include "review/Playlist.h"

#include <QList>
#include <QString>

#include <optional>

class Library;
struct LibraryEntry;

// Turns what a person asks to present ("favourites", later a collection's name) into a playlist of the library's
// takes that have a clip.
namespace PresentationSource {

// The word that presents every favourite take.
QString favouritesName();

// The takes of the entries that have a clip, in their order; a take's caption is its prompt on one line.
QList<PlaylistItem> itemsFrom(const QList<LibraryEntry> &entries);

// The playlist named by argument (case-insensitive "favourites"), or nothing with *error in plain words: for a name
// that means nothing, and for a set with no playable take. Other names (collections) are looked up here when they come.
std::optional<Playlist> playlistFor(const Library &library, const QString &argument, QString *error);

} // namespace PresentationSource
