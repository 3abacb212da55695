#include "VideoSurface.h"

#include <QGuiApplication>
#include <QPointer>
#include <QVideoWidget>
#include <QWindow>

QVideoWidget *VideoSurface::create(QWidget *parent, QWidget *focusHolder)
{
    const QWindowList windowsBefore = QGuiApplication::allWindows();
    auto *video = new QVideoWidget(parent);
    QPointer<QWindow> videoWindow;
    for (QWindow *window : QGuiApplication::allWindows()) {
        if (!windowsBefore.contains(window) && window->inherits("QVideoWindow")) {
            window->setFlags(window->flags() | Qt::WindowDoesNotAcceptFocus | Qt::WindowTransparentForInput);
            videoWindow = window;
        }
    }
    // Some platforms (offscreen, for one) activate every window that is shown, flags or not: hand the focus back.
    QObject::connect(qGuiApp, &QGuiApplication::focusWindowChanged, focusHolder,
                     [focusHolder, videoWindow](QWindow *focusWindow) {
                         if (focusWindow && focusWindow == videoWindow) {
                             focusHolder->window()->activateWindow();
                             focusHolder->setFocus(Qt::ActiveWindowFocusReason);
                         }
                     });
    return video;
}
