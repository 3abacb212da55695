#pragma once

class QVideoWidget;
class QWidget;

// Makes the QVideoWidget that a player draws into, without the focus trouble it brings in Qt 6.4 (see create()).
namespace VideoSurface {

// In Qt 6.4 QVideoWidget draws through a QVideoWindow embedded with a window container. Left alone, that window takes
// the keyboard focus when clicked (or, offscreen, when shown), the widgets around it lose it and every shortcut goes
// dead. The window is private API, so it is recognised as the one born with this QVideoWidget, and told to let focus
// and input through to the widgets beneath it; where the platform activates it anyway, focusHolder's window gets the
// focus back and focusHolder takes it.
QVideoWidget *create(QWidget *parent, QWidget *focusHolder);

} // namespace VideoSurface
