// The yardstick for Paddock's start-up: a bare Qt Widgets window, measured the same way as
// `paddock --print-startup-time` (from main to the first paint, and the peak resident memory then).
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMainWindow>
#include <QTimer>

#include <cstdio>

namespace {

class BareWindow final : public QMainWindow
{
public:
    explicit BareWindow(QElapsedTimer *clock) : m_clock(clock) { resize(1360, 860); }

protected:
    bool event(QEvent *event) override
    {
        const bool result = QMainWindow::event(event);
        if (event->type() == QEvent::Paint && !m_reported) {
            m_reported = true;
            QFile status(QStringLiteral("/proc/self/status"));
            QByteArray peak = "0";
            if (status.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : status.readAll().split('\n')) {
                    if (line.startsWith("VmHWM:"))
                        peak = line.mid(6).trimmed().split(' ').value(0);
                }
            }
            std::printf("startup-ms %lld peak-kib %s\n", m_clock->elapsed(), peak.constData());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return result;
    }

private:
    QElapsedTimer *m_clock;
    bool m_reported = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    BareWindow window(&clock);
    window.show();
    return app.exec();
}
