#include "media/FrameRelay.h"

#include <QThread>
#include <QVideoFrame>
#include <QVideoSink>

FrameRelay::FrameRelay(QObject *parent) : QObject(parent), m_thread(new QThread(this))
{
    m_thread->setObjectName(QStringLiteral("Paddock frame relay"));
    m_threadContext = new QObject; // no parent: it moves to the thread, and is deleted there
    m_threadContext->moveToThread(m_thread);
    m_thread->start();
    // The sink is made on the relay's thread, so that what the media backend builds for it belongs there too.
    QMetaObject::invokeMethod(
        m_threadContext, [this] { m_sink = new QVideoSink; }, Qt::BlockingQueuedConnection);
    connect(m_sink, &QVideoSink::videoFrameChanged, this, &FrameRelay::frameArrived); // queued: another thread
}

FrameRelay::~FrameRelay()
{
    QVideoSink *sink = m_sink;
    QObject *context = m_threadContext;
    QMetaObject::invokeMethod(
        context,
        [sink, context] {
            delete sink;
            context->deleteLater(); // deleted as the thread finishes
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}
