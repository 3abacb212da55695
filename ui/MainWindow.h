#pragma once

#include "account/BackendChoice.h"

#include <QMainWindow>

class QLabel;

// Paddock's main window. It shows which backend the session uses; the playground grows in here.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const BackendChoice &backend, QWidget *parent = nullptr);

    QString backendText() const;

private:
    QLabel *m_backendLabel = nullptr;
};
