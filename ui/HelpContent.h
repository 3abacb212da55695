#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>

// What the Help menu shows: every keyboard shortcut of the window, and a short guide. The list is kept here, in one
// place, and a test checks it against the shortcuts the window really has.
namespace HelpContent {

struct Shortcut
{
    QList<QKeySequence> keys; // a standard key may have several bindings on this platform
    QString what;
};

struct ShortcutGroup
{
    QString title; // where the keys work, e.g. "Player (when it has the focus)"
    QList<Shortcut> shortcuts;
};

QList<ShortcutGroup> shortcutGroups();
// The sheet as rich text: one table per group, keys in the platform's own notation.
QString shortcutSheetHtml();
// A page of rich text: how to make a first video, the modes, what things cost, where clips are kept.
QString guideHtml(const QString &libraryDirectory);

} // namespace HelpContent
