#include "MainWindow.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(const BackendChoice &backend, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(u"Paddock"_s);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *title = new QLabel(u"<h1>Paddock</h1><p>A playground for HappyHorse 1.1 video generation.</p>"_s, central);
    title->setTextFormat(Qt::RichText);
    layout->addWidget(title);

    QString text = backend.reason;
    if (!backend.error.isEmpty())
        text = backend.error + u"\n"_s + text;
    auto *reason = new QLabel(text, central);
    reason->setWordWrap(true);
    layout->addWidget(reason);
    layout->addStretch();
    setCentralWidget(central);

    m_backendLabel = new QLabel(backend.describe(), this);
    m_backendLabel->setAccessibleName(u"Backend"_s);
    statusBar()->addPermanentWidget(m_backendLabel);
    resize(1100, 720);
}

QString MainWindow::backendText() const
{
    return m_backendLabel->text();
}
