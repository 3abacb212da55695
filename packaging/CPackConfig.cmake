# A Debian package: cmake --build build && (cd build && cpack -G DEB)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/paddock.desktop DESTINATION share/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/paddock.metainfo.xml DESTINATION share/metainfo
        RENAME app.paddock.Paddock.metainfo.xml)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/paddock.svg DESTINATION share/icons/hicolor/scalable/apps)

set(CPACK_PACKAGE_NAME "paddock")
set(CPACK_PACKAGE_VENDOR "Paddock")
set(CPACK_PACKAGE_CONTACT "Paddock maintainers <maintainers@paddock.app>")
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ffmpeg, fonts-dejavu-core, gstreamer1.0-plugins-good, gstreamer1.0-plugins-bad, gstreamer1.0-libav, qt6-image-formats-plugins")
include(CPack)
