#pragma once

#include <QString>

#include <functional>

class QAbstractItemView;
class QHelpEvent;
class QModelIndex;
class QStyleOptionViewItem;
class QWidget;

// A yes-or-no question to the user. Views hold one so that tests can answer instead of a dialog.
using Confirm = std::function<bool(const QString &title, const QString &text)>;

// Asks with a message box whose default answer is the safe one (Cancel): every question here is about money or
// losing something, so pressing Enter twice never says yes.
bool askYesNo(QWidget *parent, const QString &title, const QString &text);

// An item's tooltip, wrapped: a long prompt shown as plain text would run across the whole screen. For a
// delegate's helpEvent(); returns whether the event was handled.
bool showWrappedToolTip(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                        const QModelIndex &index);
